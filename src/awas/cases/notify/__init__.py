"""Notifications of case events (routed, shared, deadline near) by e-mail and webhook.

The case change and its notifications are written in one transaction (an outbox); delivery happens
afterwards and may fail and be retried without ever touching the case. Senders are plug-ins
(`email_notifier`, `webhook_notifier`) in the NOTIFIERS registry.
"""
