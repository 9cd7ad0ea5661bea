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
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/core must not depend on the VS Code API; take a port from src/core/ports.ts instead.' }],
        patterns: [{ group: ['**/host/**', '**/views/**', '**/webview/**'], message: 'src/core must not import host-side code.' }],
      }],
    },
  },
  {
    // Browser code of the webview: no extension-host API.
    files: ['src/webview/app/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'Webview code runs in the browser; talk to the host through the protocol.' }] }],
    },
  },
);
