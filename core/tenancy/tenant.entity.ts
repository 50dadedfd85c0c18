import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { bigintId, createdAt } from "../db/columns";

/** An organisation using the platform; every other row belongs to one. */
@Entity()
export class Tenant {
  @PrimaryGeneratedColumn(bigintId)
  id: string;

  @Index({ unique: true })
  @Column({ type: "varchar", length: 63 })
  slug: string;

  @Column({ type: "varchar", length: 200 })
  name: string;

  @CreateDateColumn(createdAt)
  createdAt: Date;
}
