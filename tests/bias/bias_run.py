"""The bias checks as the tests call them: a registry row run on a campaign with the
thresholds given (as a config's ``thresholds`` would set them)."""

from ethicskit import registry
from ethicskit.bias.checks import reduce
from ethicskit.executor import run_check


def run(check_id: str, campaign, **thresholds):
    """``registry.run_check(check_id, campaign)`` with ``thresholds`` overriding the config's."""
    row = next(r for r in registry.checks_for("bias") if r.id == check_id)
    return run_check(row, reduce(campaign), columns=campaign.df.columns,
                     overrides={**campaign.config.thresholds, **thresholds})


def check(check_id: str):
    """A function ``fn(campaign, **thresholds) -> Finding`` running ``check_id``."""
    return lambda campaign, **thresholds: run(check_id, campaign, **thresholds)


selection_rate = check("bias.selection_rate")
intersectional = check("bias.intersectional")
error_rate_parity = check("bias.error_rate_parity")
offer_value_disparity = check("bias.offer_value_disparity")
representation = check("bias.representation")
proxy_features = check("bias.proxy_features")
mitigation_preview = check("bias.mitigation_preview")
