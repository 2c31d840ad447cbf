"""Scale-out: the same intake, detection, coordination and recap steps on a Ray cluster.

`engine` chooses where batches run (`local` in this process, `ray` on a Ray cluster; Ray is an
optional extra imported only inside `ray_engine`); the `*_run` modules drive each capability's own
batch functions on an engine; `queue` is the posts work queue with leases for many workers;
`ops` holds health, metrics and structured logs for operators.
"""
