import type { ValueTransformer } from "typeorm";

/** Options shared by every bigint key: mysql2 hands them over as strings (no precision loss). */
export const bigintId = { type: "bigint", unsigned: true } as const;

/** DATETIME(3) in UTC: millisecond precision, identical on MySQL 8 and MariaDB. */
export const timestamp = { type: "datetime", precision: 3 } as const;

/** JSON columns: MariaDB stores JSON as LONGTEXT, so values are parsed here, not by the driver. */
export const jsonTransformer: ValueTransformer = {
  to: (value: unknown) => (value === undefined ? undefined : JSON.stringify(value)),
  from: (value: unknown) => (typeof value === "string" ? JSON.parse(value) : value),
};

/** Creation time set by the database. The default's precision must match the column's on MySQL 8. */
export const createdAt = { ...timestamp, default: () => "CURRENT_TIMESTAMP(3)" } as const;

export const updatedAt = { ...timestamp, default: () => "CURRENT_TIMESTAMP(3)", onUpdate: "CURRENT_TIMESTAMP(3)" } as const;
