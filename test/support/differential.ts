/**
 * Runs the same commands against the engine and a real redis-server and
 * collects both replies, for tests to compare.
 */
import { Engine, type ClientState, type Reply } from '../../src/engine';
import { RespClient, startRedis, type RedisServer } from './redis';

export interface Pair {
  argv: readonly string[];
  ours: Reply | undefined;
  theirs: Reply;
}

export class Differential {
  engine = new Engine();
  client: ClientState = this.engine.createClient();
  private constructor(
    readonly server: RedisServer,
    readonly redis: RespClient,
  ) {}

  static async start(extraArgs: string[] = []): Promise<Differential> {
    const server = await startRedis(extraArgs);
    const redis = await RespClient.connect(server.port);
    return new Differential(server, redis);
  }

  async run(argv: readonly string[]): Promise<Pair> {
    const theirs = await this.redis.call(argv);
    const ours = this.engine.exec(this.client, argv);
    return { argv, ours, theirs };
  }

  /** Empties both sides. */
  async reset(): Promise<void> {
    await this.redis.call(['FLUSHALL']);
    this.engine = new Engine();
    this.client = this.engine.createClient();
  }

  async stop(): Promise<void> {
    this.redis.close();
    await this.server.stop();
  }
}

/** JSON form of a reply that survives bigint, for readable test diffs. */
export function show(r: Reply | undefined): unknown {
  return JSON.parse(JSON.stringify(r ?? null, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)));
}

/** Normalises the replies of commands whose order Redis leaves unspecified. */
export function sorted(r: Reply | undefined): unknown {
  if (r && (r.t === 'array' || r.t === 'set')) {
    return show({ t: r.t, v: [...r.v].sort((a, b) => JSON.stringify(show(a)).localeCompare(JSON.stringify(show(b)))) } as Reply);
  }
  return show(r);
}
