// VS Code's language-model message parts as the plain parts the core maps. Parts are recognised
// by shape as well as by class: a part built by another extension host version, or a newer part
// class (a data part, a thinking part), still lands in the right place or is left out.
import * as vscode from 'vscode';
import type { LmInputMessage, LmInputPart, LmResultPart, LmRole } from '../../core/lm/request';

type Shape = Record<string, unknown>;

const isObj = (v: unknown): v is Shape => typeof v === 'object' && v !== null;

function isData(v: Shape): v is Shape & { mimeType: string; data: Uint8Array } {
  return typeof v.mimeType === 'string' && v.data instanceof Uint8Array;
}

function resultPart(v: unknown): LmResultPart | undefined {
  if (v instanceof vscode.LanguageModelTextPart) return { kind: 'text', value: v.value };
  if (!isObj(v)) return typeof v === 'string' ? { kind: 'text', value: v } : undefined;
  if (isData(v)) return { kind: 'data', mimeType: v.mimeType, data: v.data };
  if (typeof v.value === 'string' && !('callId' in v)) return { kind: 'text', value: v.value };
  // A prompt-tsx part (or anything else): its value as JSON, so no result is lost.
  return { kind: 'json', value: 'value' in v ? v.value : v };
}

export function inputPart(v: unknown): LmInputPart | undefined {
  if (v instanceof vscode.LanguageModelTextPart) return { kind: 'text', value: v.value };
  if (v instanceof vscode.LanguageModelToolCallPart)
    return { kind: 'toolCall', callId: v.callId, name: v.name, input: v.input };
  if (v instanceof vscode.LanguageModelToolResultPart)
    return { kind: 'toolResult', callId: v.callId, content: v.content.flatMap((c) => resultPart(c) ?? []) };
  if (!isObj(v)) return undefined;
  if (isData(v)) return { kind: 'data', mimeType: v.mimeType, data: v.data };
  if (typeof v.callId === 'string' && Array.isArray(v.content))
    return {
      kind: 'toolResult',
      callId: v.callId,
      content: v.content.flatMap((c) => resultPart(c) ?? []),
      ...(v.isError === true ? { isError: true } : {}),
    };
  if (typeof v.callId === 'string' && typeof v.name === 'string')
    return { kind: 'toolCall', callId: v.callId, name: v.name, input: v.input };
  // Thinking parts and other parts a later VS Code adds carry nothing to send back to the model.
  return undefined;
}

/** User 1, Assistant 2, System 3 (System is not in the 1.104 typings but arrives from callers that use it). */
export function roleOf(role: number): LmRole {
  if (role === (vscode.LanguageModelChatMessageRole.Assistant as number)) return 'assistant';
  if (role === 3) return 'system';
  return 'user';
}

export function inputMessage(m: vscode.LanguageModelChatRequestMessage): LmInputMessage {
  return { role: roleOf(m.role), parts: m.content.flatMap((p) => inputPart(p) ?? []) };
}
