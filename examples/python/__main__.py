"""Two Chat apps' official channels and a subscription, each app through its own provider instance."""

import pulumi

config = pulumi.Config()


def app(name: str, sdk_app_id: str) -> pulumi.ProviderResource:
    """One provider instance per app: its own SDKAppID, SecretKey, endpoint, rate limiter and read batcher."""
    return pulumi.ProviderResource(
        "tencent-chat",
        name,
        {
            "sdkAppId": sdk_app_id,
            "secretKey": config.require_secret(f"{name}SecretKey"),
            "endpoint": config.require(f"{name}Endpoint"),
        },
    )


def channel(resource_name: str, provider: pulumi.ProviderResource, **inputs) -> pulumi.CustomResource:
    outputs = {"channelId": None, "subscriberCount": None, **inputs}
    return pulumi.CustomResource(
        "tencent-chat:index:OfficialChannel", resource_name, outputs, pulumi.ResourceOptions(provider=provider)
    )


staging = app("staging", "1400000000")
production = app("production", "1400000001")

channel(
    "stagingNews",
    staging,
    channelId="@TOA#_news",
    owner="ops",
    name="Company News (staging)",
    introduction="Release notes before they go out",
)
# No channelId: auto-named from the logical name, stable across previews.
staging_alerts = channel("stagingAlerts", staging, owner="ops", name="Alerts (staging)")
production_news = channel(
    "productionNews", production, channelId="@TOA#_news", owner="ops", name="Company News", maxSubscribers=50000
)
pulumi.CustomResource(
    "tencent-chat:index:ChannelSubscription",
    "productionNewsU1",
    {"channelId": production_news.channelId, "userId": "u1", "customString": "vip"},
    pulumi.ResourceOptions(provider=production),
)

pulumi.export("stagingAlertsId", staging_alerts.channelId)
pulumi.export("productionNewsSubscribers", production_news.subscriberCount)
