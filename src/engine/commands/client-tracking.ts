import type { Ctx, HandlersFor } from '../core/command';
import { E } from '../core/errors';
import { RedisError, is } from '../core/parse';
import { OK, array, bulk, int, type Reply } from '../core/reply';
import { sortedBytes } from '../core/tracking';
import { parseInt64 } from '../../text/int';
import type { connectionSpecs } from '../spec/connection';

/**
 * CLIENT TRACKING, CACHING, GETREDIR and TRACKINGINFO (the CLIENT
 * subcommands of client-side caching; the table and the messages are in
 * core/tracking.ts). Checks and their order follow clientCommand.
 */
export const clientTrackingCommands: Pick<HandlersFor<typeof connectionSpecs>, 'client|tracking' | 'client|caching' | 'client|getredir' | 'client|trackinginfo'> = {
  'client|tracking': clientTracking,
  'client|caching': clientCaching,
  'client|getredir': clientGetredir,
  'client|trackinginfo': clientTrackinginfo,
};

/** CLIENT TRACKING ON|OFF [REDIRECT id] [PREFIX p ...] [BCAST] [OPTIN] [OPTOUT] [NOLOOP] */
export function clientTracking(c: Ctx): Reply {
  const argv = c.argv;
  let redirect = 0;
  let bcast = false;
  let optin = false;
  let optout = false;
  let noloop = false;
  const prefixes: string[] = [];
  for (let j = 3; j < argv.length; j++) {
    const more = argv.length - 1 - j > 0;
    const opt = argv[j]!;
    if (is(opt, 'REDIRECT') && more) {
      j++;
      if (redirect !== 0) throw new RedisError(E.TRACKING_ONE_REDIRECT);
      const id = parseInt64(argv[j]!);
      if (id === null) throw new RedisError(E.NOT_INTEGER);
      // The client must exist now (it may go away later: then the redirection is broken).
      if (id <= 0n || id > BigInt(Number.MAX_SAFE_INTEGER) || c.engine.clients.get(Number(id)) === undefined) throw new RedisError(E.TRACKING_NO_REDIRECT_CLIENT);
      redirect = Number(id);
    } else if (is(opt, 'BCAST')) {
      bcast = true;
    } else if (is(opt, 'OPTIN')) {
      optin = true;
    } else if (is(opt, 'OPTOUT')) {
      optout = true;
    } else if (is(opt, 'NOLOOP')) {
      noloop = true;
    } else if (is(opt, 'PREFIX') && more) {
      prefixes.push(argv[++j]!);
    } else {
      throw new RedisError(E.SYNTAX);
    }
  }
  const client = c.client;
  const tracking = c.engine.clientTracking;
  const mode = argv[2]!;
  if (is(mode, 'ON')) {
    if (!bcast && prefixes.length > 0) throw new RedisError(E.TRACKING_PREFIX_NEEDS_BCAST);
    const t = client.tracking;
    if (t !== undefined && t.bcast !== bcast) throw new RedisError(E.TRACKING_BCAST_SWITCH);
    if (bcast && (optin || optout)) throw new RedisError(E.TRACKING_OPT_BCAST);
    if (optin && optout) throw new RedisError(E.TRACKING_OPTIN_AND_OPTOUT);
    if ((optin && t?.optout === true) || (optout && t?.optin === true)) throw new RedisError(E.TRACKING_OPT_SWITCH);
    if (bcast) {
      const collision = tracking.prefixCollision(client, prefixes);
      if (collision !== undefined) throw new RedisError(collision);
    }
    tracking.enable(client, redirect, { bcast, optin, optout, noloop }, prefixes);
  } else if (is(mode, 'OFF')) {
    tracking.disable(client);
  } else {
    throw new RedisError(E.SYNTAX);
  }
  return OK;
}

/** CLIENT CACHING YES|NO: for OPTIN (YES) or OPTOUT (NO) clients, about the next command or transaction. */
export function clientCaching(c: Ctx): Reply {
  const t = c.client.tracking;
  if (t === undefined) throw new RedisError(E.CACHING_NOT_TRACKING);
  const opt = c.argv[2]!;
  if (is(opt, 'YES')) {
    if (!t.optin) throw new RedisError(E.CACHING_YES_NOT_OPTIN);
  } else if (is(opt, 'NO')) {
    if (!t.optout) throw new RedisError(E.CACHING_NO_NOT_OPTOUT);
  } else {
    throw new RedisError(E.SYNTAX);
  }
  t.caching = true;
  return OK;
}

/** CLIENT GETREDIR: the redirection (0: none) while tracking, -1 when off. */
export function clientGetredir(c: Ctx): Reply {
  return int(c.client.tracking?.redirect ?? -1);
}

/** CLIENT TRACKINGINFO: flags (a set), redirect, prefixes. */
export function clientTrackinginfo(c: Ctx): Reply {
  const t = c.client.tracking;
  const flags: string[] = [t === undefined ? 'off' : 'on'];
  if (t !== undefined) {
    if (t.bcast) flags.push('bcast');
    if (t.optin) flags.push('optin');
    if (t.optin && t.caching) flags.push('caching-yes');
    if (t.optout) flags.push('optout');
    if (t.optout && t.caching) flags.push('caching-no');
    if (t.noloop) flags.push('noloop');
    if (t.brokenRedirect) flags.push('broken_redirect');
  }
  const prefixes = t?.bcast === true ? sortedBytes([...t.prefixes]) : [];
  return {
    t: 'map',
    v: [
      [bulk('flags'), { t: 'set', v: flags.map(bulk) }],
      [bulk('redirect'), int(t?.redirect ?? -1)],
      [bulk('prefixes'), array(prefixes.map(bulk))],
    ],
  };
}
