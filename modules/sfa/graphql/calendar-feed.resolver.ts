import { Authorized, Ctx, Field, Mutation, ObjectType, Resolver } from "type-graphql";
import { run } from "../../../core/contacts/mutation";
import { requireStaff, type RequestContext } from "../../../core/graphql/context";
import { MutationPayload } from "../../../core/graphql/payload";
import { createFeed, feedPath, revokeFeed } from "../services/calendar-feed.service";
import { ACTIVITIES_READ } from "./activity.resolver";

@ObjectType()
export class CalendarFeedCreatePayload extends MutationPayload {
  @Field(() => String, {
    nullable: true,
    description: "The feed's address (PUBLIC_URL/sfa/calendar/<token>.ics), for any calendar client. Shown only now: keep it; it is a credential.",
  })
  url: string | null = null;
}

@ObjectType()
export class CalendarFeedRevokePayload extends MutationPayload {
  @Field(() => Boolean, { description: "False when you had no active feed." })
  revoked = false;
}

/** Your own activities as an iCalendar subscription (open and recently completed ones). */
@Resolver()
export class CalendarFeedResolver {
  @Authorized(ACTIVITIES_READ)
  @Mutation(() => CalendarFeedCreatePayload, { description: "Makes your calendar feed URL; an earlier one stops working." })
  async calendarFeedCreate(@Ctx() context: RequestContext): Promise<CalendarFeedCreatePayload> {
    const userId = requireStaff(context);
    const token = await run(context, "calendarFeedCreate", (uow) => createFeed(uow, userId));
    return Object.assign(new CalendarFeedCreatePayload(), { url: `${context.services.config.PUBLIC_URL}${feedPath(token)}` });
  }

  @Authorized(ACTIVITIES_READ)
  @Mutation(() => CalendarFeedRevokePayload, { description: "Stops your calendar feed URL from working." })
  async calendarFeedRevoke(@Ctx() context: RequestContext): Promise<CalendarFeedRevokePayload> {
    const userId = requireStaff(context);
    const revoked = await run(context, "calendarFeedRevoke", (uow) => revokeFeed(uow, userId));
    return Object.assign(new CalendarFeedRevokePayload(), { revoked });
  }
}
