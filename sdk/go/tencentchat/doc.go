// Manage Tencent Cloud Chat official channels and their subscriptions as infrastructure as code.
package tencentchat
