import type { DomainModule } from "../domain.js";
import { HubEvent } from "./hub-event.entity.js";
import { EventPositionResolver } from "./subscription.js";

/** The outbox of committed changes and its delivery to subscriptions (each domain declares its own subscriptions). */
export const eventsDomain: DomainModule = { name: "events", entities: [HubEvent], resolvers: [EventPositionResolver] };

export { EventDispatcher, type StreamItem } from "./dispatcher.js";
export { appendEvents, type NewEvent } from "./event-log.js";
export { EventTopic, HubEvent, type SequencedEvent } from "./hub-event.entity.js";
