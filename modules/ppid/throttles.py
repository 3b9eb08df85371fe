"""Limits of the PPID's public actions, per client address per village
(modules.throttling.addresses.client_address: the peer, or what our own proxies vouch for).
Requests, objections and subscriptions share the counter's ``submission`` limit; the public status,
the lookup and the requester's pages share its ``lookup`` limit."""

from modules.throttling.throttles import lookup_allowed, submission_allowed

__all__ = ["lookup_allowed", "submission_allowed"]
