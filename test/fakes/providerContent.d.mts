// Types for providerContent.mjs.
export const DIRECTIVE_RE: RegExp;
export function parseDirectives(text: string): {
  prompt: string;
  directives: Set<string>;
  errorStatus?: number;
  errorTimes?: number;
};
export function echoAnswer(prompt: string, provider: string, model: string): string;
export function specAnswer(prompt: string): string;
export function slowTail(lines?: number): string;
export const THINKING_TEXT: string;
export const TOOL_CALL: { id: string; name: string; input: string };
export interface FakeToolCall {
  id: string;
  openaiId: string;
  name: string;
  input: string;
}
export const TOOL_CALLS: { tool: FakeToolCall[]; tools: FakeToolCall[]; badjson: FakeToolCall[] };
export const REFUSAL_TEXT: string;
export function bigToolCall(): FakeToolCall;
export function bigAnswer(): string;
export function bigDeltas(): string[];
export function splitDeltas(text: string, size: number | [number, number]): string[];
export function tokens(text: string): number;
