// Objects that own listeners, emitters, timers or child objects let go of all of them in one
// dispose(). VS Code's Disposable and anything with a dispose() method can be registered, so the
// same base serves the core and the host.

export interface DisposableLike {
  dispose(): unknown;
}

/**
 * What an object registers is disposed with it, the last registered first (later parts may use
 * earlier ones, as a listener uses its emitter). Disposing twice does nothing; a disposer that
 * throws does not stop the others, and its error is rethrown once all of them have run.
 */
export class Disposable implements DisposableLike {
  private disposers: (() => unknown)[] | undefined = [];

  get isDisposed(): boolean {
    return this.disposers === undefined;
  }

  /** Disposes `d` with this object (at once when this object is already disposed); returns `d`. */
  register<T extends DisposableLike>(d: T): T {
    this.onDispose(() => d.dispose());
    return d;
  }

  /** Runs `fn` when this object is disposed (at once when it already is). */
  onDispose(fn: () => unknown): void {
    if (this.disposers) this.disposers.push(fn);
    else fn();
  }

  dispose(): void {
    const disposers = this.disposers;
    if (!disposers) return;
    this.disposers = undefined;
    const errors: unknown[] = [];
    for (const fn of disposers.reverse()) {
      try {
        fn();
      } catch (e) {
        errors.push(e);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, `${errors.length} disposers failed`);
  }
}
