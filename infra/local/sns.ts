/**
 * SNS stand-in: the topology's topics, each delivering what is published to its subscribed
 * queues. There is no SNS emulator in the local cloud; a topic here is its fan-out only.
 *
 * Semantics emulated: raw message delivery (the topology subscribes raw only), so each subscribed
 * queue receives the published message as its body, with no SNS envelope and no message
 * attributes, one SendMessage per queue. Not emulated: topic and queue policies (nothing local
 * checks who publishes), KMS, subscription filter policies, SNS's own delivery retries (a
 * publish that fails to reach a queue rejects, and the publisher retries).
 */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { names, type TopicId, type Topology } from '../topology.ts';

export interface LocalTopics {
  /** Publishes a message to a topic: it lands, raw, on each subscribed queue. */
  publish(topicId: TopicId, message: string): Promise<void>;
}

/** The topology's topics over local-aws-sqs. `queueUrls`: by physical queue name (createQueues' answer). */
export function localTopics(opts: { topology: Topology; sqs: SQSClient; queueUrls: Record<string, string> }): LocalTopics {
  const { topology, sqs, queueUrls } = opts;
  return {
    publish: async (topicId, message) => {
      const spec = topology.topics[topicId];
      if (!spec) throw new Error(`no topic "${topicId}" in the topology`);
      for (const queueId of spec.rawSubscribers) {
        const url = queueUrls[names.queue(topology.prefix, queueId)];
        if (!url) throw new Error(`topic ${topicId}: queue ${queueId} does not exist`);
        await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: message }));
      }
    },
  };
}
