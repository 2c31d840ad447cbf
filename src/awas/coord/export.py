"""Network exports for Gephi (GraphML, GEXF) and a network picture (PNG) for the dashboard.

Nodes are accounts (attributes: clusters, kinds, registered paslon when known); edges carry the
kind, weight (distinct items co-acted on), post pairs and median gap. One graph holds every cluster
given, so an account in several clusters is one node with several kinds of edges (the combined
network); parallel edges of different kinds are kept (MultiGraph).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import networkx as nx

from awas.coord.records import Cluster

MAX_PICTURE_NODES = 400


def cluster_graph(clusters: Sequence[Cluster], registered: dict[str, str] | None = None) -> nx.MultiGraph:
    graph = nx.MultiGraph()
    registered = registered or {}
    for cluster in clusters:
        for account in cluster.accounts:
            if account not in graph:
                graph.add_node(
                    account, label=account, clusters="", kinds="", paslon=registered.get(account, "")
                )
            node = graph.nodes[account]
            node["clusters"] = ",".join(filter(None, [node["clusters"], cluster.id]))
            node["kinds"] = ",".join(
                sorted(set(filter(None, node["kinds"].split(",") + [cluster.kind.value])))
            )
        for edge in cluster.edges:
            graph.add_edge(
                edge.account_a,
                edge.account_b,
                kind=cluster.kind.value,
                cluster=cluster.id,
                weight=float(edge.weight),
                pairs=int(edge.pairs),
                median_dt=float(edge.median_dt),
            )
    return graph


def graphml_text(clusters: Sequence[Cluster], registered: dict[str, str] | None = None) -> str:
    return "\n".join(nx.generate_graphml(cluster_graph(clusters, registered))) + "\n"


def write_network(
    clusters: Sequence[Cluster], path: Path, fmt: str, registered: dict[str, str] | None = None
) -> None:
    """Write GraphML (`graphml`) or GEXF (`gexf`); ValueError for another format."""
    graph = cluster_graph(clusters, registered)
    if fmt == "graphml":
        nx.write_graphml(graph, path)
    elif fmt == "gexf":
        nx.write_gexf(graph, path)
    else:
        raise ValueError(f"unknown network format {fmt!r}")


def network_png(
    clusters: Sequence[Cluster], title: str = "", registered: dict[str, str] | None = None
) -> bytes:
    """A PNG of the network: accounts coloured by cluster, registered campaign accounts ringed."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    graph = nx.Graph(cluster_graph(clusters, registered))
    if graph.number_of_nodes() > MAX_PICTURE_NODES:
        keep = sorted(graph.degree, key=lambda nd: (-nd[1], nd[0]))[:MAX_PICTURE_NODES]
        graph = graph.subgraph([n for n, _d in keep]).copy()
    position = nx.spring_layout(graph, seed=8, weight="weight")
    order = {c.id: i for i, c in enumerate(clusters)}
    colours = [order.get(graph.nodes[n]["clusters"].split(",")[0], 0) for n in graph.nodes]
    ringed = ["#d62728" if graph.nodes[n].get("paslon") else "#333333" for n in graph.nodes]
    figure, axes = plt.subplots(figsize=(8, 6), dpi=110)
    nx.draw_networkx_edges(graph, position, ax=axes, alpha=0.3, width=0.8)
    nx.draw_networkx_nodes(
        graph,
        position,
        ax=axes,
        node_size=60,
        node_color=colours,
        cmap="tab20",
        edgecolors=ringed,
        linewidths=1.2,
    )
    axes.set_title(
        title or f"Jaringan terkoordinasi: {len(clusters)} klaster, {graph.number_of_nodes()} akun"
    )
    axes.set_axis_off()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(figure)
    return buffer.getvalue()
