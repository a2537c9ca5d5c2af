ALTER TABLE "deals" ADD COLUMN "seller_sign_method" text;--> statement-breakpoint
ALTER TABLE "deals" ADD COLUMN "buyer_sign_method" text;--> statement-breakpoint
ALTER TABLE "deals" ADD COLUMN "payee_account" text;