/** The calendar's events. Ids are row ids, times ISO 8601. */
declare module "../../../core/events/catalog" {
  interface EventCatalog {
    /** An open activity's reminder time came: for push notifications, webhooks and the like. */
    "sfa.activity.reminderDue.v1": { activityId: string; ownerId: string | null; kind: string; subject: string; dueAt: string };
  }
}

export {};
