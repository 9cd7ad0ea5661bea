import { describe, expect, it } from 'vitest';
import { Disposable } from '../../src/core/disposable';

describe('Disposable', () => {
  it('disposes what was registered, the last registered first', () => {
    const order: string[] = [];
    const d = new Disposable();
    const first = d.register({ dispose: () => order.push('emitter') });
    d.register({ dispose: () => order.push('listener') });
    d.onDispose(() => order.push('timer'));
    expect(first.dispose).toBeTypeOf('function');
    expect(d.isDisposed).toBe(false);
    d.dispose();
    expect(order).toEqual(['timer', 'listener', 'emitter']);
    expect(d.isDisposed).toBe(true);
  });

  it('runs each disposer once, however often it is disposed', () => {
    let runs = 0;
    const d = new Disposable();
    d.onDispose(() => runs++);
    d.dispose();
    d.dispose();
    expect(runs).toBe(1);
  });

  it('disposes at once what is registered after it was disposed', () => {
    const d = new Disposable();
    d.dispose();
    let late = 0;
    d.register({ dispose: () => late++ });
    d.onDispose(() => late++);
    expect(late).toBe(2);
    d.dispose();
    expect(late).toBe(2);
  });

  it('runs every disposer when one throws, then rethrows that error', () => {
    const ran: string[] = [];
    const d = new Disposable();
    d.onDispose(() => ran.push('a'));
    d.onDispose(() => {
      throw new Error('b failed');
    });
    d.onDispose(() => ran.push('c'));
    expect(() => d.dispose()).toThrow('b failed');
    expect(ran).toEqual(['c', 'a']);
    expect(() => d.dispose()).not.toThrow();
  });

  it('reports every failure when several disposers throw', () => {
    const ran: string[] = [];
    const d = new Disposable();
    d.onDispose(() => ran.push('first'));
    d.onDispose(() => {
      throw new Error('one');
    });
    d.onDispose(() => {
      throw new Error('two');
    });
    let caught: unknown;
    try {
      d.dispose();
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(AggregateError);
    expect((caught as AggregateError).errors.map((e: Error) => e.message)).toEqual(['two', 'one']);
    expect(ran).toEqual(['first']);
  });

  it('lets a subclass own its parts through field initialisers', () => {
    const log: string[] = [];
    class Part {
      constructor(private readonly name: string) {}
      dispose() {
        log.push(this.name);
      }
    }
    class View extends Disposable {
      private readonly emitter = this.register(new Part('emitter'));
      readonly tree = this.register(new Part('tree'));
      constructor() {
        super();
        this.register(new Part('listener'));
      }
      get parts() {
        return [this.emitter, this.tree];
      }
    }
    const v = new View();
    expect(v.parts).toHaveLength(2);
    v.dispose();
    expect(log).toEqual(['listener', 'tree', 'emitter']);
  });
});
