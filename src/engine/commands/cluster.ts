import type { HandlersFor } from '../core/command';
import { E } from '../core/errors';
import { RedisError } from '../core/parse';
import type { Reply } from '../core/reply';
import type { clusterSpecs } from '../spec/cluster';

/** clusterCommand on a server without cluster support: every subcommand, HELP included, says so. */
const disabled = (): Reply => {
  throw new RedisError(E.CLUSTER_DISABLED);
};

export const clusterCommands = {
  'cluster|addslots': disabled,
  'cluster|addslotsrange': disabled,
  'cluster|bumpepoch': disabled,
  'cluster|count-failure-reports': disabled,
  'cluster|countkeysinslot': disabled,
  'cluster|delslots': disabled,
  'cluster|delslotsrange': disabled,
  'cluster|failover': disabled,
  'cluster|flushslots': disabled,
  'cluster|forget': disabled,
  'cluster|getkeysinslot': disabled,
  'cluster|help': disabled,
  'cluster|info': disabled,
  'cluster|keyslot': disabled,
  'cluster|links': disabled,
  'cluster|meet': disabled,
  'cluster|myid': disabled,
  'cluster|nodes': disabled,
  'cluster|replicas': disabled,
  'cluster|replicate': disabled,
  'cluster|reset': disabled,
  'cluster|saveconfig': disabled,
  'cluster|set-config-epoch': disabled,
  'cluster|setslot': disabled,
  'cluster|shards': disabled,
  'cluster|slaves': disabled,
  'cluster|slots': disabled,
} satisfies HandlersFor<typeof clusterSpecs>;
