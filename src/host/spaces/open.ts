// Opening a space: in this window (the window reloads on the space's folder) or a new one, as
// the user chose once (a setting). What should happen on arrival (open the
// spec) is written to a small file in the extension's global storage, which survives the reload
// and is read by whichever window opens that folder next, within a few minutes.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { SETTINGS, type OpenIn } from '../../core/settings/table';
import { SpaceError } from '../../core/spaces/errors';
import type { SpaceRow } from '../../core/spaces/repo';
import type { ConfigOwner } from '../config';
import type { SpacesController } from './controller';
import { openSpec } from './spec';
import { offerDraft } from './specDraft';

const ARRIVAL_FILE = 'spaces-arrival.json';
const ARRIVAL_TTL_MS = 5 * 60_000;

/** Asks once where spaces open, and remembers the answer in the user's settings. */
export async function chooseOpenIn(config: ConfigOwner, name: string): Promise<Exclude<OpenIn, 'ask'> | undefined> {
  const here = vscode.l10n.t('Open in This Window');
  const other = vscode.l10n.t('Open in New Window');
  const pick = await vscode.window.showInformationMessage(
    vscode.l10n.t('The space "{0}" is ready. Where should spaces open?', name),
    {
      modal: true,
      detail: vscode.l10n.t(
        'Your choice is remembered in the setting {0}; change it there any time.',
        SETTINGS.spacesOpenIn.key,
      ),
    },
    here,
    other,
  );
  if (!pick) return undefined;
  const choice = pick === here ? 'thisWindow' : 'newWindow';
  await config.update('spacesOpenIn', choice);
  return choice;
}

export class SpaceOpener {
  constructor(
    private readonly ctl: SpacesController,
    private readonly storage: vscode.Uri,
  ) {}

  async open(row: SpaceRow, newWindow: boolean, then: { spec?: boolean } = {}): Promise<void> {
    if (!existsSync(row.path))
      throw new SpaceError(
        'not_found',
        vscode.l10n.t('The folder of "{0}" ({1}) no longer exists.', row.name, row.path),
      );
    const current = this.ctl.currentRow();
    if (!newWindow && current?.path === row.path) {
      if (then.spec) {
        await openSpec(row);
        void offerDraft(row);
      } else
        void vscode.window.showInformationMessage(
          vscode.l10n.t('Kata Cloud: this window already shows "{0}".', row.name),
        );
      return;
    }
    if (then.spec) await this.writeArrival(row.path);
    if (!newWindow) this.ctl.setLifecycle(row.path, { state: 'switching' });
    try {
      await vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(row.path), {
        forceNewWindow: newWindow,
      });
    } finally {
      // A window that stays (new window, or the switch was refused) shows the row as it was.
      if (!newWindow) setTimeout(() => this.ctl.setLifecycle(row.path, undefined), 10_000);
    }
  }

  async reveal(row: SpaceRow): Promise<void> {
    await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(row.path));
  }

  private get arrivalFile(): string {
    return path.join(this.storage.fsPath, ARRIVAL_FILE);
  }

  private async writeArrival(folder: string): Promise<void> {
    await mkdir(this.storage.fsPath, { recursive: true });
    await writeFile(this.arrivalFile, JSON.stringify({ folder, at: Date.now(), spec: true }));
  }

  /** On start: if a space was just opened here, finish what was asked (open its spec). */
  async arrive(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.arrivalFile, 'utf8');
    } catch {
      return;
    }
    let a: { folder?: unknown; at?: unknown; spec?: unknown };
    try {
      a = JSON.parse(text) as typeof a;
    } catch {
      a = {};
    }
    const fresh = typeof a.at === 'number' && Date.now() - a.at < ARRIVAL_TTL_MS;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    if (!fresh || typeof a.folder !== 'string') return void rm(this.arrivalFile, { force: true });
    if (!folder || path.resolve(folder) !== path.resolve(a.folder)) return;
    await rm(this.arrivalFile, { force: true });
    if (a.spec) {
      const repo = await this.ctl.ensureRepo();
      if (repo) await this.ctl.refreshNow();
      const row = this.ctl.rowFor(folder) ?? { path: folder, name: path.basename(folder) };
      await openSpec(row);
      void offerDraft(row);
    }
  }
}
