import ical, { ICalAlarmType, ICalEventStatus } from "ical-generator";
import { Activity, ActivityStatus } from "../entities/activity.entity";

/** How often subscribed clients should fetch again (REFRESH-INTERVAL, X-PUBLISHED-TTL). */
const REFRESH_S = 15 * 60;

/** A UID that stays the same for the activity's life, whatever changes, and is unique across tenants. */
export function activityUid(activity: Activity): string {
  return `${activity.globalId}@sfa.crm`;
}

/**
 * An iCalendar document of activities. Every kind is a VEVENT: tasks at their due time (with no
 * DTEND, an instant), because Google Calendar and Outlook ignore VTODO in subscribed calendars
 * and would silently drop them. Reminders of open items are VALARMs at the reminder's own time.
 * DTSTAMP is the last change rather than "now", so the document changes only when the data does.
 */
export function renderCalendar(name: string, activities: readonly Activity[]): string {
  const calendar = ical({ name, prodId: { company: "crm-platform", product: "sfa-calendar" }, ttl: REFRESH_S });
  for (const activity of activities) {
    const completed = activity.status === ActivityStatus.COMPLETED;
    const event = calendar.createEvent({
      id: activityUid(activity),
      start: activity.dueAt,
      end: activity.endsAt,
      allDay: activity.allDay,
      summary: completed ? `✓ ${activity.subject}` : activity.subject,
      description: activity.notes,
      location: activity.location,
      categories: [{ name: activity.kind }],
      status: ICalEventStatus.CONFIRMED,
      created: activity.createdAt,
      lastModified: activity.updatedAt,
      stamp: activity.updatedAt,
    });
    if (activity.remindAt && !completed) event.createAlarm({ type: ICalAlarmType.display, trigger: activity.remindAt, description: activity.subject });
  }
  return calendar.toString();
}
