// The living spec's starting point: the sections a reviewer looks for, with the tasks as a
// checklist the Spaces view can count and toggle.

export const SPEC_PATH = 'notes/spec.md';

export function specTemplate(task: string): string {
  const title = task.trim().replace(/\s+/g, ' ') || 'Task';
  return [
    `# ${title}`,
    '',
    '## Goal',
    '',
    'What this change achieves, for whom, and why now.',
    '',
    '## Tasks',
    '',
    '- [ ] Describe the change in this spec',
    '- [ ] Make the change',
    '- [ ] Add or update tests',
    '',
    '## Acceptance',
    '',
    '- What a reviewer checks to accept the pull request.',
    '',
    '## Verification',
    '',
    '- The commands or steps that prove it works.',
    '',
    '## Notes',
    '',
    '- Decisions, links, open questions.',
    '',
  ].join('\n');
}

/** The prompt that asks a model for a spec in the template's shape. */
export function draftSpecPrompt(description: string): string {
  return [
    'Write a concise engineering spec in Markdown for the task below, for a pull request reviewer.',
    'Use exactly these sections: "# <title>", "## Goal" (one short paragraph), "## Tasks" (a checklist of',
    '3 to 8 items written as "- [ ] ..."), "## Acceptance", "## Verification", "## Notes".',
    'Answer with the Markdown only, no preamble.',
    '',
    `Task: ${description.trim()}`,
  ].join('\n');
}
