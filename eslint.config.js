import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const pureModules = [
  'src/procfile/parse.ts',
  'src/env/parse.ts',
  'src/plan/formation.ts',
  'src/plan/ports.ts',
  'src/supervisor/restart-policy.ts',
  'src/logging/format-prefix.ts',
  'src/logging/line-splitter.ts',
  'src/settings/check-start-order.ts',
  'src/settings/describe-settings.ts',
  'src/settings/parse-duration.ts',
  'src/settings/parse-settings.ts',
  'src/settings/parse-size.ts',
  'src/settings/read-readiness.ts',
  'src/settings/read-setting.ts',
  'src/settings/resolve-settings.ts',
  'src/settings/settings-context.ts',
  'src/plan/check-settings.ts',
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'examples/', 'bench/.scratch/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-console': 'error',
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: { 'max-lines': ['error', { max: 500 }] },
  },
  {
    files: pureModules,
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: ['node:fs', 'fs', 'node:child_process', 'child_process', 'node:fs/promises'] },
      ],
    },
  },
);
