// Every text the chat webview shows. The webview has no translator of its own: the session puts
// this table, built with the core's `t` (vscode.l10n.t in the extension host), into each `init`
// message, and the webview renders with it. Messages with {0} placeholders travel as templates
// (`t` without arguments returns the message unformatted) and the webview fills them with `fill`.
import { z } from 'zod';
import { formatMessage, inEnglish, t, type L10nArg } from '../l10n';
import { actionLabels } from '../userError';
import { factWords } from './export';
import { retryWords } from './retryWait';

/** Labels the Markdown renderer writes into an answer (code-block buttons, link and image notes). */
export function markdownWords() {
  return {
    copy: t('Copy'),
    insertAtCursor: t('Insert at Cursor'),
    openInNewEditor: t('Open in New Editor'),
    /** The language label of a code block that names none. */
    plainText: t('text'),
    mailGoesTo: t('Mail goes to {0}'),
    linkGoesTo: t('Link goes to {0}'),
    hiddenCharacter: t('Hidden character {0}'),
    image: t('image'),
    imageWithAlt: t('image {0}'),
    imageNotLoaded: t('Image (not loaded): {0}'),
    noVisibleText: t('No visible text: {0}'),
    mixedScripts: t('mixed scripts ({0}): not {1}'),
    lookAlike: t('look-alike: not {0}'),
    notTheHost: t('"{0}@" is not the host'),
  };
}
export type MarkdownWords = ReturnType<typeof markdownWords>;

export function chatStrings() {
  const actions = actionLabels();
  return {
    ...retryWords(),
    ...factWords(),
    ...markdownWords(),
    // Header and notices.
    chatHistory: t('Chat History…'),
    newChat: t('New Chat'),
    copyConversation: t('Copy Conversation'),
    exportMarkdown: t('Export Chat as Markdown'),
    spaceTitle: t('Space: {0} ({1})'),
    dismiss: t('Dismiss'),
    // Composer.
    model: t('Model'),
    modelTitle: t('Model for this chat'),
    notInModelList: t('{0} (not in the model list)'),
    noModels: t('No models yet.'),
    attachmentsToSend: t('Attachments to send'),
    prompt: t('Prompt'),
    promptPlaceholder: t('Ask a question (Enter to send, Shift+Enter for a new line, ↑ for the last prompt)'),
    send: t('Send'),
    stop: t('Stop'),
    stopTitle: t('Stop (Esc)'),
    addFile: t('Add File to Chat…'),
    attachSpec: t('Attach notes/spec.md'),
    removeAttachment: t('Remove {0}'),
    chipTitle: t('{0}: {1} characters, about {2} tokens'),
    chipTitleCut: t('{0}: {1} characters, about {2} tokens (cut: the source is longer)'),
    chipSize: t('{0} · ~{1} tok'),
    chipSizeCut: t('{0} · ~{1} tok · cut'),
    estimate: t('≈ {0} / {1} tokens'),
    estimateOver: t('≈ {0} / {1} tokens — older context will be cut'),
    estimateTitle: t(
      'Estimated input tokens of the next request (history, attachments, system prompt and this draft), at about 4 characters a token.',
    ),
    chars: t('{0} chars'),
    kChars: t('{0}K chars'),
    mChars: t('{0}M chars'),
    // Conversation.
    conversation: t('Conversation'),
    loadEarlier: t('Load earlier messages'),
    emptyHint: t('Ask anything: the answer streams here as Markdown, and Esc stops it.'),
    emptyHintContext: t(
      'For context, attach a file or notes/spec.md with the buttons under the prompt, or select code in an editor and run Ask About Selection.',
    ),
    you: t('You'),
    attachments: t('Attachments'),
    answer: t('Answer'),
    generating: t('Generating…'),
    generatingAnswer: t('Generating an answer.'),
    answerComplete: t('Answer complete.'),
    answerStopped: t('Answer stopped.'),
    answerInterrupted: t('Answer interrupted.'),
    requestFailed: t('Request failed: {0}'),
    noText: t('(no text)'),
    modelRefused: t('The model refused'),
    refused: t('Refused'),
    stopped: t('Stopped'),
    stoppedKept: t('Stopped — the partial answer is kept.'),
    stoppedNothing: t('Stopped — nothing was received.'),
    interrupted: t('Interrupted'),
    failed: t('Failed'),
    interruptedError: t('Interrupted: {0}'),
    // The buttons of an answer's error (its actions), labelled as in notifications.
    retry: actions.retry,
    setApiKey: actions.setApiKey,
    openSettings: actions.openSettings,
    openLog: actions.openLog,
    // Long answers.
    tableContinued: t('Table, continued: rows {0} to {1}'),
    longBlockStreaming: t('A long block is streaming: its end is shown until it is complete.'),
    plainNested: t('Shown as plain text: it is nested too deeply to format.'),
    plainTooLarge: t('Shown as plain text: this block is {0}, too large to format.'),
    showAll: t('Show all ({0})'),
  };
}
export type ChatStrings = ReturnType<typeof chatStrings>;

const KEYS = Object.keys(inEnglish(chatStrings)) as (keyof ChatStrings)[];

/** Every key present, each a string: a webview never meets a missing text. */
export const chatStringsSchema = z.object(
  Object.fromEntries(KEYS.map((k) => [k, z.string().max(2000)])) as Record<keyof ChatStrings, z.ZodString>,
);

/** A template from the table with its {0}-style placeholders filled, as VS Code fills them. */
export function fill(template: string, ...args: L10nArg[]): string {
  return formatMessage(template, ...args);
}
