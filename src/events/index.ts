import type { DomainModule } from "../domain.js";
import { HubEvent } from "./hub-event.entity.js";

/** The outbox of committed changes and its delivery to subscriptions (the resolvers live with each domain's subscriptions). */
export const eventsDomain: DomainModule = { name: "events", entities: [HubEvent], resolvers: [] };

export { EventDispatcher, type StreamItem } from "./dispatcher.js";
export { appendEvents, type NewEvent } from "./event-log.js";
export { EventTopic, HubEvent } from "./hub-event.entity.js";
