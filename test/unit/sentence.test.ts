// Joined messages end each piece with exactly one full stop, whether or not the piece had one.
import { describe, expect, it } from 'vitest';
import { clause, sentence, sentences } from '../../src/core/sentence';

describe('sentence helpers', () => {
  it('adds a full stop only where none ends the text', () => {
    expect(sentence('Draft pull requests are not supported in this repository.')).toBe(
      'Draft pull requests are not supported in this repository.',
    );
    expect(sentence('Draft pull requests are not supported')).toBe('Draft pull requests are not supported.');
    expect(sentence('Really?')).toBe('Really?');
    expect(sentence('Set GitHub Token…')).toBe('Set GitHub Token…');
    expect(sentence('  trailing dots... ')).toBe('trailing dots.');
    expect(sentence('')).toBe('');
  });
  it('a clause loses its closing stops, for quoting inside a sentence', () => {
    expect(clause('Not accessible by integration.')).toBe('Not accessible by integration');
    expect(clause('v1.2')).toBe('v1.2');
  });
  it('joins pieces with one space and one stop each, skipping empty ones', () => {
    expect(sentences('It failed.', undefined, '', 'Nothing was saved', 'Try again.')).toBe(
      'It failed. Nothing was saved. Try again.',
    );
  });
});
