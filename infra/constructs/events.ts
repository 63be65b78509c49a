import { Duration, Stack } from 'aws-cdk-lib';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';

export interface EventsProps {
  /** Name of the custom bus. @default the stack name in lower case ('houqin' for the default stack) */
  readonly busName?: string;
  /** How long the archive keeps every event for replay. @default 30 days */
  readonly archiveRetention?: Duration;
}

/**
 * The domain event bus (SubmissionRecorded, HazardRaised, …) and an archive of everything put
 * on it, so that events can be replayed to a consumer after a fix. Rules and their targets
 * come with the functions that consume them.
 */
export class Events extends Construct {
  readonly bus: EventBus;

  constructor(scope: Construct, id: string, props: EventsProps = {}) {
    super(scope, id);
    const stack = Stack.of(this);
    // Named after the stack so two stacks (e.g. Houqin and HouqinStaging) can share an account.
    this.bus = new EventBus(this, 'Bus', {
      eventBusName: props.busName ?? stack.stackName.toLowerCase(),
      description: 'Houqin domain events',
    });
    this.bus.archive('Archive', {
      description: 'Every Houqin domain event, for replay',
      // An archive needs a pattern; every event on this bus comes from this account.
      eventPattern: { account: [stack.account] },
      retention: props.archiveRetention ?? Duration.days(30),
    });
  }
}
