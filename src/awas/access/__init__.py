"""Task-force users: accounts, passwords and roles. Who may see what is decided by each capability
(cases: routing, sharing and TLP) on top of the `User` records kept here."""
