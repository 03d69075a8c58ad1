import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['build/**', 'node_modules/**', 'data/**', 'backups/**', 'test-results/**', 'playwright-report/**', 'tests/.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': ['error', { allow: ['info', 'warn', 'error'] }],
    },
  },
  {
    // Code that ships to the browser must not reach the database or server-only modules.
    files: ['app/components/**/*.{ts,tsx}', 'app/locales/**/*.ts', 'app/utils/*.{ts,tsx}'],
    ignores: ['app/utils/*.server.ts', 'app/utils/*.server.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['#db/*', '**/db/*'], message: 'Client code must not import the database layer.' },
            { group: ['*.server', '*.server.ts', '**/*.server.ts'], message: 'Client code must not import *.server modules.' },
          ],
        },
      ],
    },
  },
  {
    files: ['db/**/*.ts', 'tests/**/*.ts', 'app/server.ts', '.ci/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
  },
)
