// Placeholder until the chat panel lands.
import * as vscode from 'vscode';
import type { Feature, Services } from '../host/services';

export type ChatCommandId =
  | 'kata.chat.new' | 'kata.chat.open' | 'kata.chat.rename' | 'kata.chat.delete'
  | 'kata.chat.askAboutSelection' | 'kata.chat.addFile' | 'kata.chat.attachSpec'
  | 'kata.chat.export' | 'kata.chat.copy';

export function createChatFeature(_services: Services): Feature<ChatCommandId> {
  const todo = () => vscode.window.showInformationMessage('Kata Cloud: chat is not available yet.');
  return {
    commands: {
      'kata.chat.new': todo, 'kata.chat.open': todo, 'kata.chat.rename': todo, 'kata.chat.delete': todo,
      'kata.chat.askAboutSelection': todo, 'kata.chat.addFile': todo, 'kata.chat.attachSpec': todo,
      'kata.chat.export': todo, 'kata.chat.copy': todo,
    },
    disposables: [],
  };
}
