// Two Chat apps' official channels and a subscription, each app through its own provider instance.
package main

import (
	"github.com/pulumi-tencent-chat/pulumi-tencent-chat/sdk/go/tencentchat"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		// One provider instance per app: its own SDKAppID, SecretKey, endpoint, rate limiter and read batcher.
		app := func(name, sdkAppID string) (*tencentchat.Provider, error) {
			return tencentchat.NewProvider(ctx, name, &tencentchat.ProviderArgs{
				SdkAppId:  pulumi.String(sdkAppID),
				SecretKey: cfg.RequireSecret(name + "SecretKey"),
				Endpoint:  pulumi.String(cfg.Require(name + "Endpoint")),
			})
		}
		staging, err := app("staging", "1400000000")
		if err != nil {
			return err
		}
		production, err := app("production", "1400000001")
		if err != nil {
			return err
		}

		if _, err := tencentchat.NewOfficialChannel(ctx, "stagingNews", &tencentchat.OfficialChannelArgs{
			ChannelId:    pulumi.String("@TOA#_news"),
			Owner:        pulumi.String("ops"),
			Name:         pulumi.String("Company News (staging)"),
			Introduction: pulumi.String("Release notes before they go out"),
		}, pulumi.Provider(staging)); err != nil {
			return err
		}
		// No ChannelId: auto-named from the logical name.
		alerts, err := tencentchat.NewOfficialChannel(ctx, "stagingAlerts", &tencentchat.OfficialChannelArgs{
			Owner: pulumi.String("ops"),
			Name:  pulumi.String("Alerts (staging)"),
		}, pulumi.Provider(staging))
		if err != nil {
			return err
		}
		news, err := tencentchat.NewOfficialChannel(ctx, "productionNews", &tencentchat.OfficialChannelArgs{
			ChannelId:      pulumi.String("@TOA#_news"),
			Owner:          pulumi.String("ops"),
			Name:           pulumi.String("Company News"),
			MaxSubscribers: pulumi.Int(50000),
		}, pulumi.Provider(production))
		if err != nil {
			return err
		}
		if _, err := tencentchat.NewChannelSubscription(ctx, "productionNewsU1", &tencentchat.ChannelSubscriptionArgs{
			ChannelId:    news.ChannelId,
			UserId:       pulumi.String("u1"),
			CustomString: pulumi.String("vip"),
		}, pulumi.Provider(production)); err != nil {
			return err
		}

		ctx.Export("stagingAlertsId", alerts.ChannelId)
		ctx.Export("productionNewsSubscribers", news.SubscriberCount)
		return nil
	})
}
