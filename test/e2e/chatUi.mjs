// The chat panel as the scenarios open it: New Chat from the palette, ready once the prompt box
// shows and the model picker holds the models the scenario expects.
import { waitFor } from '../realhost/lib.mjs';

/** Runs New Chat and waits until the picker offers at least `models` models; returns the frame. */
export async function openNewChat(host, { models = 1, what = 'models in the picker' } = {}) {
  await host.runCommand('Kata Cloud: New Chat');
  const chat = host.webviewFrame(0);
  await chat.locator('textarea.prompt').waitFor({ timeout: 45000 });
  await waitFor(async () => (await chat.locator('select.model-select option').count()) >= models, {
    timeout: 45000,
    what,
  });
  return chat;
}
