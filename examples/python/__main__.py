"""Two Chat apps' official channels and a subscription, each app through its own provider instance."""

import pulumi
import pulumi_tencent_chat as tencent_chat

config = pulumi.Config()


def app(name: str, sdk_app_id: str) -> tencent_chat.Provider:
    """One provider instance per app: its own SDKAppID, SecretKey, endpoint, rate limiter and read batcher."""
    return tencent_chat.Provider(
        name,
        sdk_app_id=sdk_app_id,
        secret_key=config.require_secret(f"{name}SecretKey"),
        endpoint=config.require(f"{name}Endpoint"),
    )


staging = app("staging", "1400000000")
production = app("production", "1400000001")
on_staging = pulumi.ResourceOptions(provider=staging)
on_production = pulumi.ResourceOptions(provider=production)

tencent_chat.OfficialChannel(
    "stagingNews",
    channel_id="@TOA#_news",
    owner="ops",
    name="Company News (staging)",
    introduction="Release notes before they go out",
    opts=on_staging,
)
# No channel_id: auto-named from the logical name.
staging_alerts = tencent_chat.OfficialChannel("stagingAlerts", owner="ops", name="Alerts (staging)", opts=on_staging)
production_news = tencent_chat.OfficialChannel(
    "productionNews",
    channel_id="@TOA#_news",
    owner="ops",
    name="Company News",
    max_subscribers=50000,
    opts=on_production,
)
tencent_chat.ChannelSubscription(
    "productionNewsU1",
    channel_id=production_news.channel_id,
    user_id="u1",
    custom_string="vip",
    opts=on_production,
)

pulumi.export("stagingAlertsId", staging_alerts.channel_id)
pulumi.export("productionNewsSubscribers", production_news.subscriber_count)
