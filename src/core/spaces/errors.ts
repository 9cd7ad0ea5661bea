// Every way creating, listing or removing a space can fail, as a code the host maps to a message
// and the actions that help. The message is for people; the code is for code.

export type SpaceErrorCode =
  | 'git_missing'
  | 'git_too_old'
  | 'not_repository'
  | 'bare_repository'
  | 'detached_head'
  | 'invalid_name'
  | 'branch_exists'
  | 'folder_exists'
  | 'base_missing'
  | 'dirty'
  | 'unpushed'
  | 'locked'
  | 'main_worktree'
  | 'not_found'
  | 'cancelled'
  | 'git_failed';

/** Buttons the host offers with an error; each maps to one command or step there. */
export type SpaceAction =
  | 'installGit'
  | 'useExistingBranch'
  | 'chooseOtherName'
  | 'chooseBase'
  | 'removeAnyway'
  | 'unlockAndRemove'
  | 'openLog';

export class SpaceError extends Error {
  readonly code: SpaceErrorCode;
  readonly actions: SpaceAction[];
  readonly detail?: string;
  constructor(code: SpaceErrorCode, message: string, actions: SpaceAction[] = [], detail?: string) {
    super(message);
    this.name = 'SpaceError';
    this.code = code;
    this.actions = actions;
    this.detail = detail;
  }
}

export const isSpaceError = (e: unknown): e is SpaceError => e instanceof SpaceError;

/** First meaningful line of git's stderr, without the "fatal: " prefix. */
export function gitReason(stderr: string): string {
  const line =
    stderr
      .split('\n')
      .map((l) => l.trim())
      .find((l) => /^(fatal|error):/.test(l)) ??
    stderr.trim().split('\n')[0] ??
    '';
  return line.replace(/^(fatal|error):\s*/, '').slice(0, 300);
}
