// The one shape of a failure the user is told about: what happened (message), what to do about it
// (remediation), the buttons that help (actions) and how loudly to say it (severity). Provider,
// GitHub and spaces errors extend it; the host shows any of them with showError (host/notify.ts),
// which gives every action its one label.
import type { SettingName } from './settings/table';
import { errorMessage } from './errorMessage';
import { t } from './l10n';
import { sentences } from './sentence';

/** Every button an error can offer. The host labels each once and knows what most of them do. */
export type UserAction =
  | 'openLog'
  | 'openSettings'
  | 'retry'
  | 'tryAgain'
  | 'setApiKey'
  | 'signIn'
  | 'setToken'
  | 'authorizeSso'
  | 'push'
  | 'commit'
  | 'openExisting'
  | 'installGit'
  | 'manageTrust'
  | 'useExistingBranch'
  | 'chooseOtherName'
  | 'chooseBase'
  | 'removeAnyway'
  | 'unlockAndRemove';

/** Each action's label, spelled once (notifications and the chat's error box); read where shown. */
export function actionLabels(): Record<UserAction, string> {
  return {
    openLog: t('Open Log'),
    openSettings: t('Open Settings'),
    retry: t('Retry'),
    tryAgain: t('Try Again'),
    setApiKey: t('Set API Key…'),
    signIn: t('Sign in to GitHub'),
    setToken: t('Set GitHub Token…'),
    authorizeSso: t('Authorize for SSO'),
    push: t('Push Branch'),
    commit: t('Commit Staged Changes'),
    openExisting: t('Open Existing Pull Request'),
    installGit: t('Install Git'),
    manageTrust: t('Manage Workspace Trust'),
    useExistingBranch: t('Use Existing Branch'),
    chooseOtherName: t('Choose Another Name'),
    chooseBase: t('Choose Base…'),
    removeAnyway: t('Remove Anyway…'),
    unlockAndRemove: t('Unlock and Remove…'),
  };
}

/** `quiet`: a line in the status bar, for what the user did themselves (a cancel). */
export type Severity = 'error' | 'warning' | 'quiet';

export interface UserErrorInit {
  /** For code and the log; `unexpected` when nothing more precise is known. */
  code?: string;
  message: string;
  remediation?: string;
  actions?: readonly UserAction[];
  severity?: Severity;
  /** The setting that `openSettings` opens. */
  setting?: SettingName;
  /**
   * The text is shown as written: message and remediation joined as they are, without the
   * extension's name in front (the text names its own subject, or was composed whole).
   */
  verbatim?: boolean;
  cause?: unknown;
}

/** Names the host knows and the core does not, for texts that mention them. */
export interface ErrorNames {
  endpoint?(endpointId: string): string;
}

export class UserError extends Error {
  readonly code: string;
  readonly remediation: string;
  readonly actions: readonly UserAction[];
  readonly severity: Severity;
  readonly setting?: SettingName;
  readonly verbatim: boolean;

  constructor(init: UserErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'UserError';
    this.code = init.code ?? 'unexpected';
    this.remediation = init.remediation ?? '';
    this.actions = init.actions ?? [];
    this.severity = init.severity ?? 'error';
    this.setting = init.setting;
    this.verbatim = init.verbatim ?? false;
  }

  /** What the notification says: what happened, then what to do. */
  text(_names: ErrorNames = {}): string {
    if (this.verbatim) return this.remediation ? `${this.message} ${this.remediation}` : this.message;
    return t('Kata Cloud: {0}', sentences(this.message, this.remediation));
  }
}

export const isUserError = (e: unknown): e is UserError => e instanceof UserError;

/** Anything thrown, as a UserError: itself when it is one, else its text with the log to look at. */
export function toUserError(e: unknown): UserError {
  if (isUserError(e)) return e;
  return new UserError({
    message: t('Kata Cloud: {0}', errorMessage(e)),
    actions: ['openLog'],
    verbatim: true,
    cause: e,
  });
}

/** What a notification shows: its text, how loud, and the buttons among `actions` the host can act on. */
export interface Notice {
  text: string;
  severity: Severity;
  actions: UserAction[];
}

export function noticeOf(e: UserError, canDo: (a: UserAction) => boolean, names: ErrorNames = {}): Notice {
  return { text: e.text(names), severity: e.severity, actions: e.actions.filter(canDo) };
}
