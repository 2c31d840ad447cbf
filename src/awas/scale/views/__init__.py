"""Operator endpoints for load balancers and Prometheus (registered in `awas.web.application.ROUTERS`)."""
