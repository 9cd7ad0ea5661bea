import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // The core is plain TypeScript: it must run (and be tested) without a VS Code host.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'vscode',
              message: 'src/core must not depend on the VS Code API; take a port from src/core/ports.ts instead.',
            },
          ],
          patterns: [
            { group: ['**/host/**', '**/webview/**'], message: 'src/core must not import host-side or browser code.' },
          ],
        },
      ],
    },
  },
  {
    // Browser code of the webview: no extension-host API, no host code; it shares only core/chat.
    files: ['src/webview/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'vscode', message: 'Webview code runs in the browser; talk to the host through the protocol.' },
          ],
          patterns: [
            {
              group: ['**/host/**', 'node:*'],
              message: 'Webview code runs in the browser; talk to the host through the protocol.',
            },
            {
              group: ['**/core/*', '!**/core/chat', '**/core/!(chat)/**'],
              message: 'The webview shares only src/core/chat with the host.',
            },
          ],
        },
      ],
    },
  },
  {
    // Host code never reaches into the browser bundle.
    files: ['src/host/**/*.ts', 'src/extension.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/webview/**'],
              message: 'Host code talks to the webview through src/core/chat/protocol.ts only.',
            },
          ],
        },
      ],
    },
  },
);
