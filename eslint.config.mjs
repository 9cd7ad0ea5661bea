import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Which other host features each feature folder under src/host/ may import (docs/contributing.md,
// "Where code goes", says why; test/unit/boundaries.test.ts keeps the two and the folders in step).
export const HOST_FEATURES = {
  providers: [],
  chat: [],
  lm: [],
  spaces: ['providers'],
  github: ['providers', 'spaces'],
};

/** The host's import rule: never the webview's browser code, plus one boundary pattern if given. */
function hostRule(boundary) {
  return {
    patterns: [
      { group: ['**/webview/**'], message: 'Host code talks to the webview through src/core/chat/protocol.ts only.' },
      ...(boundary ? [boundary] : []),
    ],
  };
}

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
  // Host code never reaches into the browser bundle; the composition root may import every feature.
  { files: ['src/host/**/*.ts', 'src/extension.ts'], rules: { 'no-restricted-imports': ['error', hostRule()] } },
  // The host root keeps the shared adapters: features build on them, never the other way round.
  {
    files: ['src/host/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        hostRule({
          regex: '^\\./[^/]+/',
          message: 'src/host root files are shared adapters: they import no feature folder.',
        }),
      ],
    },
  },
  // A feature folder imports src/core, the host root and only the features listed for it. A folder
  // missing from the table may import no other feature.
  ...['*', ...Object.keys(HOST_FEATURES)].map((feature) => ({
    files: [`src/host/${feature}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        hostRule({
          regex: `^\\.\\./(?!(?:${['\\.\\.', ...(HOST_FEATURES[feature] ?? [])].join('|')})/)[^/]+/`,
          message:
            `src/host/${feature} may import ${HOST_FEATURES[feature]?.length ? `only ${HOST_FEATURES[feature].join(', ')} of the other features` : 'no other feature'}` +
            ' (HOST_FEATURES in eslint.config.mjs).',
        }),
      ],
    },
  })),
);
