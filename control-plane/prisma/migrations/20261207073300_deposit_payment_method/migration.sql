-- A deposit's payment method is part of its request: a retry with the same Idempotency-Key must match it.
ALTER TABLE "deposits" ADD COLUMN "payment_method" TEXT NOT NULL DEFAULT 'sandbox';
