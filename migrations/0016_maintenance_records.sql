CREATE TABLE "maintenance_records" (
	"task" text NOT NULL,
	"period" text NOT NULL,
	"done_by" text NOT NULL,
	"done_at" timestamp with time zone NOT NULL,
	CONSTRAINT "maintenance_records_task_period_pk" PRIMARY KEY("task","period")
);
