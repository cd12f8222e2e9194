import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { migrate, openDatabase, withSavepoint } from '../../../src/server/store/db.ts';

const dirs: string[] = [];
const dbs: DatabaseSync[] = [];

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'memos-db-'));
  dirs.push(dir);
  return join(dir, 'test.db');
}

function open(file = tempFile()): DatabaseSync {
  const db = openDatabase(file);
  dbs.push(db);
  return db;
}

afterEach(() => {
  for (const db of dbs.splice(0)) if (db.isOpen) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const pragma = (db: DatabaseSync, name: string): unknown => Object.values(db.prepare(`PRAGMA ${name}`).get() as object)[0];

describe('openDatabase', () => {
  it('uses WAL, synchronous=NORMAL, foreign keys and a busy timeout', () => {
    const db = open();
    expect(pragma(db, 'journal_mode')).toBe('wal');
    expect(pragma(db, 'synchronous')).toBe(1);
    expect(pragma(db, 'foreign_keys')).toBe(1);
    expect(pragma(db, 'busy_timeout')).toBe(5000);
  });

  it('opens an in-memory database for tests', () => {
    const db = openDatabase(':memory:');
    dbs.push(db);
    migrate(db, [{ name: 'one', statements: ['CREATE TABLE t (x INTEGER)'] }]);
    db.prepare('INSERT INTO t VALUES (1)').run();
    expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 1 });
  });
});

describe('migrate', () => {
  it('applies each named migration once, in order, and counts them in user_version', () => {
    const file = tempFile();
    const first = open(file);
    const migrations = [
      { name: 'tasks-1', statements: ['CREATE TABLE tasks (id TEXT PRIMARY KEY)'] },
      { name: 'tasks-2', statements: ['ALTER TABLE tasks ADD COLUMN status TEXT'] },
    ];
    expect(migrate(first, migrations)).toEqual(['tasks-1', 'tasks-2']);
    expect(migrate(first, migrations)).toEqual([]);
    first.close();

    const again = open(file);
    expect(migrate(again, [...migrations, { name: 'other-1', statements: ['CREATE TABLE other (x)'] }])).toEqual(['other-1']);
    expect(pragma(again, 'user_version')).toBe(3);
    expect(again.prepare("SELECT name FROM pragma_table_info('tasks')").all().map((row) => row['name'])).toEqual(['id', 'status']);
  });

  it('rolls a failing migration back completely and does not record it', () => {
    const db = open();
    const broken = { name: 'broken-1', statements: ['CREATE TABLE half (x)', 'THIS IS NOT SQL'] };
    expect(() => migrate(db, [broken])).toThrow();
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half'").get()).toEqual({ n: 0 });
    expect(db.prepare("SELECT count(*) AS n FROM schema_migrations WHERE name = 'broken-1'").get()).toEqual({ n: 0 });
  });
});

describe('withSavepoint', () => {
  it('nests inside a caller transaction, whose rollback undoes it', () => {
    const db = open();
    db.exec('CREATE TABLE t (x INTEGER)');
    db.exec('BEGIN IMMEDIATE');
    withSavepoint(db, () => db.prepare('INSERT INTO t VALUES (1)').run());
    db.exec('ROLLBACK');
    expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 0 });
  });

  it('undoes its own work when it throws', () => {
    const db = open();
    db.exec('CREATE TABLE t (x INTEGER)');
    expect(() =>
      withSavepoint(db, () => {
        db.prepare('INSERT INTO t VALUES (1)').run();
        throw new Error('stop');
      }),
    ).toThrow('stop');
    expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 0 });
    expect(db.isTransaction).toBe(false);
  });
});
