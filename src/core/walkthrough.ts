// What the Getting Started walkthrough needs remembered. VS Code (1.139) checks a step only when
// its completion event happens while its walkthrough service is alive, and it starts that service
// only when a walkthrough or the Welcome page is shown. Worse, a context key that is already true
// when the service starts is taken as seen and never checks its step in that window. So an
// `onCommand` run before the walkthrough was opened (or in a window reloaded since) is lost, and
// so is a key that was set early. Two things are kept here, in globalState:
//   deeds     what the user did once (wrote a space's spec, started a chat in a space), which no
//             state can tell again; the host keeps a context key true for each from then on;
//   reported  the steps the host has told VS Code are done itself (welcome.markStepComplete),
//             so that is done once, not in every window.
import { z } from 'zod';
import { errorMessage } from './errorMessage';
import { Listeners } from './listeners';
import type { Logger } from './ports';
import type { RecordSpec, RecordStore } from './state/record';

/** The walkthrough's step ids, as in package.json. */
export const STEP_IDS = ['key', 'space', 'spec', 'chat', 'pullRequest'] as const;
export type StepId = (typeof STEP_IDS)[number];
export type Deed = Extract<StepId, 'spec' | 'chat'>;

const stepId = z.enum(STEP_IDS);
const walkthroughSchema = z.object({
  deeds: z.array(z.enum(['spec', 'chat'])).max(STEP_IDS.length),
  reported: z.array(stepId).max(STEP_IDS.length),
});
export type WalkthroughRecord = z.infer<typeof walkthroughSchema>;

export const WALKTHROUGH: RecordSpec<WalkthroughRecord> = {
  key: 'kata.walkthrough',
  version: 1,
  schema: walkthroughSchema,
  fallback: () => ({ deeds: [], reported: [] }),
};

export class Milestones {
  private readonly listeners: Listeners;

  constructor(
    private readonly records: RecordStore,
    private readonly log: Logger,
  ) {
    this.listeners = new Listeners(log);
  }

  has(d: Deed): boolean {
    return this.records.read(WALKTHROUGH).deeds.includes(d);
  }

  /**
   * Records that the user did it; listeners hear of the first time only. Never rejects: a
   * walkthrough checkmark is not worth failing the command that did the deed.
   */
  async reach(d: Deed): Promise<void> {
    // Read and written with no await between: two deeds at once cannot drop each other.
    const now = this.records.read(WALKTHROUGH);
    if (now.deeds.includes(d)) return;
    try {
      await this.records.write(WALKTHROUGH, { ...now, deeds: [...now.deeds, d] });
    } catch (e) {
      this.log.warn(`Walkthrough: could not remember that the ${d} step was done: ${errorMessage(e)}`);
      return;
    }
    this.log.info(`Walkthrough: the ${d} step was done.`);
    this.listeners.fire();
  }

  wasReported(s: StepId): boolean {
    return this.records.read(WALKTHROUGH).reported.includes(s);
  }

  /** Never rejects: if it is not remembered, the step is reported again later, which is harmless. */
  async reported(s: StepId): Promise<void> {
    const now = this.records.read(WALKTHROUGH);
    if (now.reported.includes(s)) return;
    await this.records
      .write(WALKTHROUGH, { ...now, reported: [...now.reported, s] })
      .catch((e: unknown) => this.log.warn(`Walkthrough: could not remember a reported step: ${errorMessage(e)}`));
  }

  onDidChange(listener: () => void): { dispose(): void } {
    return this.listeners.add(listener);
  }
}
