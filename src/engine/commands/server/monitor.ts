import { REPLY_FLAG, type Ctx, type Handler } from '../../core/command';
import { RedisError } from '../../core/parse';
import { OK, type Reply } from '../../core/reply';

export const monitorCommands: Record<string, Handler> = {
  monitor,
};

/**
 * MONITOR: from now on the client is sent every command any client runs
 * (Engine.feedMonitors). Not inside a transaction (a client that may not
 * block); a second MONITOR is ignored without a reply, as in Redis.
 */
function monitor(c: Ctx): Reply {
  const client = c.client;
  if (client.inExec) throw new RedisError("ERR MONITOR isn't allowed for DENY BLOCKING client");
  if (client.monitor === true) {
    client.replyFlags |= REPLY_FLAG.NO_REPLY;
    return OK;
  }
  client.monitor = true;
  c.engine.monitors.add(client);
  return OK;
}
