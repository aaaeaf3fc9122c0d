"""Alert channels: 企业微信 / 钉钉 / 飞书 group robots and e-mail, fed through an outbox
(service.py: configuration, what is sent, delivery once and in order; kinds.py: each receiver's
documented format, signature and answer)."""
