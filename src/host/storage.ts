import type * as vscode from 'vscode';
import type { KeyValueStore, SecretStore } from '../core/ports';

export function mementoStore(memento: vscode.Memento): KeyValueStore {
  return {
    get: (key) => memento.get<unknown>(key),
    update: async (key, value) => memento.update(key, value),
  };
}

export function secretStore(secrets: vscode.SecretStorage): SecretStore {
  return {
    get: async (key) => secrets.get(key),
    store: async (key, value) => secrets.store(key, value),
    delete: async (key) => secrets.delete(key),
  };
}
