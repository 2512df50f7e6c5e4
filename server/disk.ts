/**
 * The RESP server's dump.rdb, kept as redis-server keeps it: loaded from
 * `dir`/`dbfilename` at start, written by SAVE, BGSAVE, the `save` points
 * and SHUTDOWN to a temporary file in the same directory that is flushed to
 * disk and then renamed over the old one (rdbSave), so a crash mid-write
 * never leaves a half-written dump.rdb behind.
 *
 * BGSAVE replies at once and writes after the reply (there is no fork; the
 * snapshot is taken when the write starts, a moment later).
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Engine } from '../src/engine';
import type { SaveTarget } from '../src/engine/core/persistence';
import { DEFAULT_DBFILENAME, RdbError, applyRdb, loadedLine, readRdb, writeRdb } from '../src/engine/rdb/file';

export interface DiskOptions {
  /** The working directory (`dir`): where the dump file is read and written. */
  readonly dir: string;
  /** The file's name (`dbfilename`), dump.rdb by default. */
  readonly dbfilename?: string;
}

/** Where the dump lives now (CONFIG SET dbfilename may change it). */
function dumpPath(engine: Engine): string {
  return join(engine.config.get('dir') ?? '.', engine.config.get('dbfilename') ?? DEFAULT_DBFILENAME);
}

/** Writes the file as rdbSave does: temp file, fsync, rename, fsync of the directory. True when saved. */
export function saveDump(engine: Engine, log: (line: string, level?: string) => void): boolean {
  const dir = engine.config.get('dir') ?? '.';
  const tmp = join(dir, `temp-${process.pid}.rdb`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'w');
  } catch (e) {
    log(`Failed opening the temp RDB file ${`temp-${process.pid}.rdb`} (in server root dir ${dir}) for saving: ${reason(e)}`);
    return false;
  }
  try {
    const bytes = Buffer.from(writeRdb(engine, { ctime: Math.floor(Date.now() / 1000) }), 'latin1');
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    log(`Write error saving DB on disk(write): ${reason(e)}`);
    return false;
  }
  try {
    renameSync(tmp, dumpPath(engine));
  } catch (e) {
    log(`Error moving temp DB file ${`temp-${process.pid}.rdb`} on the final destination ${engine.config.get('dbfilename') ?? ''} (in server root dir ${dir}): ${reason(e)}`);
    rmSync(tmp, { force: true });
    return false;
  }
  try {
    const dfd = openSync(dir, 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    /* a directory that cannot be synced (some file systems) still has the file */
  }
  log('DB saved on disk', '*');
  return true;
}

const reason = (e: unknown): string => (e instanceof Error ? e.message.replace(/^[A-Z]+: /, '') : String(e));

/** The engine's SAVE/BGSAVE target: the dump file in `dir`. */
export function diskTarget(engine: () => Engine, log: (line: string, level?: string) => void): SaveTarget {
  return {
    saveNow: () => saveDump(engine(), log),
    saveInBackground: (done) => {
      log(`Background saving started by pid ${process.pid}`, '*');
      setImmediate(() => {
        const ok = saveDump(engine(), log);
        log(ok ? 'Background saving terminated with success' : 'Background saving error', ok ? '*' : '#');
        done(ok);
      });
    },
    log: (line) => log(line, '*'),
  };
}

/**
 * Loads the dump at start, as redis-server does (loadDataFromDisk). No file:
 * an empty keyspace. A file that cannot be read throws RdbError with the
 * lines Redis logs before it exits.
 */
export function loadDump(engine: Engine, log: (line: string, level?: string) => void): void {
  const path = dumpPath(engine);
  if (!existsSync(path)) return;
  const started = performance.now();
  const file = readRdb(readFileSync(path).toString('latin1'), { config: engine.config, databases: engine.dbs.length });
  for (const [k, v] of file.aux) {
    if (k === 'redis-ver') log(`Loading RDB produced by version ${v}`, '*');
    else if (k === 'ctime') log(`RDB age ${Math.max(0, Math.floor(Date.now() / 1000) - Number(v))} seconds`, '*');
    else if (k === 'used-mem') log(`RDB memory usage when created ${(Number(v) / (1024 * 1024)).toFixed(2)} Mb`, '*');
  }
  const summary = applyRdb(engine, file);
  log(loadedLine(summary, file.emptySkipped), '*');
  log(`DB loaded from disk: ${((performance.now() - started) / 1000).toFixed(3)} seconds`, '*');
}

export { RdbError };

/** The absolute directory, as Redis chdirs into it and reports it (CONFIG GET dir). */
export function absoluteDir(dir: string): string {
  return resolve(dir);
}
