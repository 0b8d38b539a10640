// Two Chat apps' official channels and a subscription, each app through its own provider instance.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

type channel struct {
	pulumi.CustomResourceState
	ChannelId       pulumi.StringOutput `pulumi:"channelId"`
	SubscriberCount pulumi.IntOutput    `pulumi:"subscriberCount"`
}

type provider struct {
	pulumi.ProviderResourceState
}

type subscription struct {
	pulumi.CustomResourceState
}

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		// One provider instance per app: its own SDKAppID, SecretKey, endpoint, rate limiter and read batcher.
		app := func(name, sdkAppID string) (*provider, error) {
			var p provider
			err := ctx.RegisterResource("pulumi:providers:tencent-chat", name, pulumi.Map{
				"sdkAppId":  pulumi.String(sdkAppID),
				"secretKey": cfg.RequireSecret(name + "SecretKey"),
				"endpoint":  pulumi.String(cfg.Require(name + "Endpoint")),
			}, &p)
			return &p, err
		}
		officialChannel := func(name string, p *provider, inputs pulumi.Map) (*channel, error) {
			var c channel
			err := ctx.RegisterResource("tencent-chat:index:OfficialChannel", name, inputs, &c, pulumi.Provider(p))
			return &c, err
		}
		staging, err := app("staging", "1400000000")
		if err != nil {
			return err
		}
		production, err := app("production", "1400000001")
		if err != nil {
			return err
		}
		if _, err := officialChannel("stagingNews", staging, pulumi.Map{
			"channelId":    pulumi.String("@TOA#_news"),
			"owner":        pulumi.String("ops"),
			"name":         pulumi.String("Company News (staging)"),
			"introduction": pulumi.String("Release notes before they go out"),
		}); err != nil {
			return err
		}
		// No channelId: auto-named from the logical name, stable across previews.
		alerts, err := officialChannel("stagingAlerts", staging, pulumi.Map{
			"owner": pulumi.String("ops"),
			"name":  pulumi.String("Alerts (staging)"),
		})
		if err != nil {
			return err
		}
		news, err := officialChannel("productionNews", production, pulumi.Map{
			"channelId":      pulumi.String("@TOA#_news"),
			"owner":          pulumi.String("ops"),
			"name":           pulumi.String("Company News"),
			"maxSubscribers": pulumi.Int(50000),
		})
		if err != nil {
			return err
		}
		var sub subscription
		if err := ctx.RegisterResource("tencent-chat:index:ChannelSubscription", "productionNewsU1", pulumi.Map{
			"channelId":    news.ChannelId,
			"userId":       pulumi.String("u1"),
			"customString": pulumi.String("vip"),
		}, &sub, pulumi.Provider(production)); err != nil {
			return err
		}
		ctx.Export("stagingAlertsId", alerts.ChannelId)
		ctx.Export("productionNewsSubscribers", news.SubscriberCount)
		return nil
	})
}
