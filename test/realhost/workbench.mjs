// Workbench helpers of a host handle (see startHost in lib.mjs): they drive VS Code the way a
// user does. Notifications are read in the Notification Center: with the smoke-test flag that
// dev mode needs, the workbench never shows toasts.
import path from 'node:path';
import { waitFor } from './util.mjs';

/** @param {{ page: import('playwright-core').Page, log: (...a: unknown[]) => void }} handle */
export function workbenchHelpers(handle) {
  const log = (...a) => handle.log(...a);
  return {
    async runCommand(title, { attempts = 4 } = {}) {
      const page = handle.page;
      // The palette can open before the command registry is complete: retry the whole open.
      for (let attempt = 1; ; attempt++) {
        await page.keyboard.press('Escape');
        await page.keyboard.press('F1');
        const input = page.locator('.quick-input-widget .quick-input-box input');
        const row = page
          .locator('.quick-input-widget .quick-input-list .monaco-list-row')
          .filter({ hasText: title })
          .first();
        // As a user would: if the palette closed under us (focus moved) or the command is not
        // listed yet, open it again. Each wait only bounds a hang.
        try {
          await input.waitFor({ state: 'visible', timeout: 10000 });
          await input.fill(`>${title}`, { timeout: 5000 });
          await row.waitFor({ timeout: 4000 });
        } catch (e) {
          if (attempt < attempts) {
            log(`palette attempt ${attempt} for "${title}": ${e.message.split('\n')[0]}`);
            continue;
          }
          throw new Error(`command "${title}" not in the palette: ${e.message.split('\n')[0]}`);
        }
        // Click rather than Enter: Enter runs whatever row is active, which may be another match.
        await row.click();
        // The widget is reused by whatever the command opens next (a pick, an input box): wait
        // until it no longer shows the palette, or a caller would read the palette's rows.
        await waitFor(async () => !(await input.isVisible()) || !(await input.inputValue()).startsWith('>'), {
          timeout: 5000,
          interval: 50,
          what: 'the command palette to close',
        });
        log(`ran "${title}"`);
        return;
      }
    },

    /** Waits for an open quick input (input box or quick pick) and describes it. */
    async quickInputState({ timeout = 10000 } = {}) {
      const widget = handle.page.locator('.quick-input-widget');
      await widget.locator('.quick-input-box input').waitFor({ state: 'visible', timeout });
      return widget.evaluate((w) => {
        const input = w.querySelector('.quick-input-box input');
        const text = (sel) =>
          [...w.querySelectorAll(sel)]
            .map((e) => e.textContent.trim())
            .filter(Boolean)
            .join(' ');
        return {
          type: input.type,
          placeholder: input.placeholder,
          title: text('.quick-input-title'),
          message: text('.quick-input-message'),
          value: input.value,
        };
      });
    },

    /** Types into the open input box and (by default) accepts with Enter. */
    async quickInput(text, { submit = true, expect, timeout = 10000 } = {}) {
      let state = await handle.quickInputState({ timeout });
      if (expect) {
        // The widget may still show the previous step (e.g. a provider pick) for a moment.
        const describe = (st) => `${st.title} ${st.placeholder} ${st.message}`;
        state = await waitFor(
          async () => {
            state = await handle.quickInputState({ timeout });
            return expect.test(describe(state)) && state;
          },
          { timeout, interval: 100, what: `a quick input matching ${expect}` },
        ).catch(() => {
          throw new Error(`quick input ${JSON.stringify(state)} does not match ${expect}`);
        });
      }
      const input = handle.page.locator('.quick-input-widget .quick-input-box input');
      await input.fill(text);
      if (submit) await input.press('Enter');
      return state;
    },

    /**
     * Clicks the quick-pick row whose text contains `label` (string or RegExp). With `reopen`, a
     * pick that closes under us is opened again, as a user would: when a command run from the
     * palette shows a pick at once, the workbench can hand the focus back to where the palette was
     * opened from (a webview), and a pick closes when it loses the focus.
     */
    async pickQuickItem(label, { timeout = 10000, reopen, attempts = 3 } = {}) {
      const widget = handle.page.locator('.quick-input-widget');
      const row = widget.locator('.quick-input-list .monaco-list-row').filter({ hasText: label }).first();
      for (let attempt = 1; ; attempt++) {
        try {
          await row.waitFor({ timeout });
          await row.click({ timeout });
          return;
        } catch (e) {
          if (!reopen || attempt >= attempts || (await widget.isVisible())) throw e;
          log(`the pick closed before "${label}" was clicked (attempt ${attempt}); opening it again`);
          await reopen();
        }
      }
    },

    /** Runs a command from the palette and picks `label` in the pick it shows. */
    async runCommandAndPick(title, label, options = {}) {
      await handle.runCommand(title);
      await handle.pickQuickItem(label, { ...options, reopen: () => handle.runCommand(title) });
    },

    /**
     * Waits until the quick pick of command `title` satisfies `ready(state, items)` and returns its
     * items, running the command whenever no quick input is open (so an open pick is read as is).
     * Run from a webview, a pick can close a moment after it opened: 50 ms after the palette closes,
     * VS Code focuses the webview again unless something else has taken the focus, and a pick shown
     * between that check and the webview taking the focus loses it. A user opens it again.
     */
    async openPick(title, ready, { timeout = 60000, what = `the pick of "${title}"` } = {}) {
      const widget = handle.page.locator('.quick-input-widget');
      let runs = 0;
      return waitFor(
        async () => {
          if (!(await widget.isVisible())) {
            if (runs++) log(`the pick of "${title}" closed; opening it again`);
            await handle.runCommand(title);
          }
          const state = await handle.quickInputState();
          const items = await handle.quickItems();
          return ready(state, items) && (await widget.isVisible()) && items;
        },
        { timeout, interval: 500, what },
      );
    },

    /**
     * Go to File (Ctrl+P) and opens `file` by name, as a user does it, again when the widget
     * closes under us: after a dialog over a webview closes, the workbench hands the focus back to
     * the webview a moment later, and Go to File opened in that moment closes.
     */
    async goToFile(file, { attempts = 4 } = {}) {
      const page = handle.page;
      const input = page.locator('.quick-input-widget .quick-input-box input');
      const open = async () => {
        for (let attempt = 1; ; attempt++) {
          await page.keyboard.press('Escape');
          await page.keyboard.press('Control+P');
          try {
            await input.waitFor({ state: 'visible', timeout: 10000 });
            await input.fill(file, { timeout: 5000 });
            return;
          } catch (e) {
            if (attempt >= attempts) throw e;
            log(`Go to File attempt ${attempt} for "${file}": ${e.message.split('\n')[0]}`);
          }
        }
      };
      await open();
      await handle.pickQuickItem(path.basename(file), { reopen: open });
    },

    async quickItems() {
      await handle.quickInputState();
      return (
        await handle.page.locator('.quick-input-widget .quick-input-list .monaco-list-row').allTextContents()
      ).map((t) => t.trim());
    },

    async openNotificationCenter() {
      const page = handle.page;
      if (!(await page.locator('.notifications-center').isVisible())) {
        await page.locator('[id="status.notifications"]').first().click();
      }
    },

    async closeNotificationCenter() {
      const page = handle.page;
      if (await page.locator('.notifications-center').isVisible()) {
        await page
          .locator('[id="status.notifications"]')
          .first()
          .click()
          .catch(() => {});
      }
    },

    /** Notification texts in the Notification Center (it opens it). */
    async notifications() {
      await handle.openNotificationCenter().catch(() => {});
      return (await handle.page.locator('.notifications-center .notification-list-item-message').allTextContents()).map(
        (t) => t.trim(),
      );
    },

    async waitNotification(re, { timeout = 15000 } = {}) {
      let texts = [];
      return waitFor(
        async () => {
          texts = await handle.notifications();
          return texts.find((t) => re.test(t));
        },
        { timeout, interval: 250, what: `a notification matching ${re}` },
      ).catch((e) => {
        throw new Error(`${e.message.split(' (last')[0]}; notifications: ${JSON.stringify(texts)}`);
      });
    },

    /** Clicks a button (e.g. "Cancel", "Retry") of the notification matching `re`. */
    /**
     * Clicks a button (e.g. "Cancel", "Retry") of the notification matching `re`. Resolves with
     * the wall-clock time (ms) at which the page received the click, for latency measurements.
     */
    async clickNotificationButton(re, button, { timeout = 15000 } = {}) {
      await handle.waitNotification(re, { timeout });
      const item = handle.page.locator('.notifications-center .notification-list-item').filter({ hasText: re }).first();
      // Buttons of a collapsed item are rendered but hidden: hovering/focusing reveals them.
      await item.hover();
      const btn = item
        .locator('.notification-list-item-buttons-container .monaco-button')
        .filter({ hasText: button })
        .first();
      await btn.evaluate((el) => {
        el.addEventListener(
          'mousedown',
          () => {
            window.__kataClickAt = Date.now();
          },
          { capture: true, once: true },
        );
      });
      await btn.click({ timeout: 30000 });
      // A button that reloads the window (Open Main Checkout) destroys the page's context first.
      const at = await handle.page.evaluate(() => window.__kataClickAt).catch(() => Date.now());
      log(`clicked "${button}" on notification ${re}`);
      return at;
    },

    /** Clears every notification, so the next wait sees only new ones. */
    async clearNotifications() {
      await handle.openNotificationCenter();
      const clearAll = handle.page
        .locator('.notifications-center .codicon-notifications-clear-all, .notifications-center .codicon-clear-all')
        .first();
      if (await clearAll.isVisible().catch(() => false)) await clearAll.click().catch(() => {});
      await handle.closeNotificationCenter();
    },

    /** Opens a view container from the activity bar by its title. */
    async openViewContainer(title = 'Kata Cloud') {
      const page = handle.page;
      const pane = page.locator('.part.sidebar .composite.title').filter({ hasText: title }).first();
      // Right after a reload the container may still be restoring, and a click on the icon of the
      // active container hides the side bar: click, then look again, until it shows (bounded).
      await waitFor(
        async () => {
          if (await pane.isVisible().catch(() => false)) return true;
          await page
            .locator(`.activitybar [aria-label^="${title}"]`)
            .first()
            .click({ timeout: 5000 })
            .catch(() => {});
          return pane
            .waitFor({ timeout: 3000 })
            .then(() => true)
            .catch(() => false);
        },
        { timeout: 45000, what: `the ${title} view container` },
      );
    },

    /** Drags the side bar's edge so tree descriptions are not cut off in screenshots. */
    async widenSidebar(width = 480) {
      const page = handle.page;
      const box = await page.locator('.part.sidebar').boundingBox();
      if (!box || box.width >= width) return;
      const x = box.x + box.width + 1;
      const y = box.y + box.height / 2;
      await page.mouse.move(x, y);
      await page.mouse.down();
      await page.mouse.move(x + (width - box.width) / 2, y, { steps: 4 });
      await page.mouse.move(box.x + width + 1, y, { steps: 4 });
      await page.mouse.up();
    },

    /** A view's pane in the side bar (a container with several views has one pane per view). */
    viewPane(viewName) {
      return handle.page
        .locator('.part.sidebar .pane')
        .filter({ has: handle.page.locator('.pane-header', { hasText: viewName }) })
        .first();
    },

    /**
     * Rows of a tree view (or of the whole side bar without `viewName`): label, description,
     * tooltip-free text, depth and expansion, in display order.
     */
    async sidebarRows(viewName) {
      const scope = viewName ? handle.viewPane(viewName) : handle.page.locator('.part.sidebar');
      return scope.locator('.monaco-list-row').evaluateAll((rows) =>
        rows.map((r) => ({
          label: r.querySelector('.label-name')?.textContent?.trim() ?? '',
          description: r.querySelector('.label-description')?.textContent?.trim() ?? '',
          text: r.textContent.trim(),
          level: Number(r.getAttribute('aria-level') ?? 0),
          expanded: r.getAttribute('aria-expanded'),
        })),
      );
    },

    /** Welcome content of a view (shown when its `when` clause holds): text and button labels. */
    async welcomeContent(viewName) {
      const pane = handle.viewPane(viewName);
      const w = pane.locator('.welcome-view-content');
      if (!(await w.isVisible().catch(() => false))) return undefined;
      return w.evaluate((el) => ({
        text: el.textContent.trim(),
        buttons: [...el.querySelectorAll('.monaco-button')].map((b) => b.textContent.trim()),
        links: [...el.querySelectorAll('a')].map((a) => a.textContent.trim()),
      }));
    },

    /** The content frame of a webview (webviews are two nested iframes). */
    webviewFrame(index = 0) {
      return handle.page.frameLocator('iframe.webview.ready').nth(index).frameLocator('iframe#active-frame');
    },

    /** Visible text of the active editor (Monaco renders only visible lines). */
    /**
     * The text of the active editor's rendered lines. The editor renders only what is in view, so
     * `{ end: true }` first moves to the end of the document, as a user scrolls to read the end.
     */
    async editorText({ end = false } = {}) {
      const lines = handle.page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
      if (end) {
        // An open Notification Center keeps the keyboard; close it, then focus the editor's own
        // input (a click can land on a notification over the text).
        await handle.closeNotificationCenter().catch(() => {});
        await handle.page
          .locator('.editor-group-container.active .monaco-editor textarea')
          .first()
          .focus({ timeout: 5000 });
        await handle.page.keyboard.press('Control+End');
      }
      const t = await lines.evaluate((el) =>
        [...el.querySelectorAll('.view-line')]
          .map((l) => ({ top: parseFloat(l.style.top) || 0, text: l.textContent }))
          .sort((a, b) => a.top - b.top)
          .map((l) => l.text)
          .join('\n'),
      );
      return t.replace(/\u00a0/g, ' ');
    },

    /**
     * Scrolls `scroller` (a locator, in a webview or not) with the mouse wheel, as a user does,
     * until `target` is near the top of the view.
     */
    async wheelTo(scroller, target) {
      await scroller.hover();
      await waitFor(
        async () => {
          const top = await target.evaluate((el) => el.getBoundingClientRect().top);
          if (top >= 0 && top < 300) return true;
          await handle.page.mouse.wheel(0, top < 0 ? -300 : 300);
          return false;
        },
        { timeout: 30000, interval: 100, what: 'the element scrolled into view with the wheel' },
      );
    },

    async activeTabLabel() {
      return (
        await handle.page
          .locator('.editor-group-container.active .tab.active .label-name')
          .first()
          .textContent()
          .catch(() => '')
      )?.trim();
    },
  };
}
