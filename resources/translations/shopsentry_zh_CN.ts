<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AdjustDialog</name>
    <message>
        <source>Adjust stock</source>
        <translation>库存调整</translation>
    </message>
    <message>
        <source>Positive adds units, negative removes them</source>
        <translation>正数增加库存，负数减少库存</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>选填</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>On hand now</source>
        <translation>当前在库</translation>
    </message>
    <message>
        <source>Change (+/−)</source>
        <translation>调整数量（+/−）</translation>
    </message>
    <message>
        <source>On hand after</source>
        <translation>调整后在库</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Book adjustment</source>
        <translation>确认调整</translation>
    </message>
</context>
<context>
    <name>AlertBell</name>
    <message>
        <source>Alert centre: %1 open alerts</source>
        <translation>提醒中心：%1 条待处理提醒</translation>
    </message>
    <message>
        <source>Notifications paused until %1</source>
        <translation>提醒已暂停至 %1</translation>
    </message>
</context>
<context>
    <name>AlertCentre</name>
    <message>
        <source>All kinds</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <source>Late shipment</source>
        <translation>发货超时</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <source>Pickup</source>
        <translation>揽收</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>跟进</translation>
    </message>
    <message>
        <source>Data age</source>
        <translation>数据时效</translation>
    </message>
    <message>
        <source>Incident</source>
        <translation>异常事件</translation>
    </message>
    <message>
        <source>Shop health</source>
        <translation>店铺健康</translation>
    </message>
    <message>
        <source>Backup</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>No open alerts. ShopSentry checks every few minutes and taps you on the shoulder when an order or a SKU needs you.</source>
        <translation>没有待处理的提醒。店哨每隔几分钟检查一次，有订单或 SKU 需要处理时会提醒你。</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>Snooze</source>
        <translation>稍后提醒</translation>
    </message>
    <message>
        <source>For 1 hour</source>
        <translation>1小时后</translation>
    </message>
    <message>
        <source>For 4 hours</source>
        <translation>4小时后</translation>
    </message>
    <message>
        <source>Until the next daily digest</source>
        <translation>到下次每日摘要</translation>
    </message>
    <message>
        <source>Picked up</source>
        <translation>已揽收</translation>
    </message>
    <message>
        <source>The courier has collected these parcels</source>
        <translation>快递已揽收这些包裹</translation>
    </message>
    <message>
        <source>Acknowledge all</source>
        <translation>全部确认</translation>
    </message>
    <message>
        <source>Showing the %1 most urgent of %2 open alerts.</source>
        <translation>仅显示最紧急的 %1 条，共 %2 条待处理提醒。</translation>
    </message>
    <message>
        <source>Notifications paused until %1; alerts are still collected here.</source>
        <translation>提醒已暂停至 %1，新提醒仍会收在这里。</translation>
    </message>
    <message>
        <source>Snoozed until %1</source>
        <translation>稍后提醒 %1</translation>
    </message>
    <message>
        <source>Alerts (%1)</source>
        <translation>提醒 (%1)</translation>
    </message>
</context>
<context>
    <name>AlertController</name>
    <message>
        <source>Still running in the tray</source>
        <translation>店哨仍在托盘中运行</translation>
    </message>
    <message>
        <source>ShopSentry keeps checking your orders. Right-click the tray icon to quit; Settings → General turns this off.</source>
        <translation>店哨会继续检查订单。右键托盘图标可退出；可在 设置 → 常规 中关闭此功能。</translation>
    </message>
    <message>
        <source>The last check failed: %1 (details in the log file)</source>
        <translation>上次检查失败：%1（详情见日志文件）</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>提醒</translation>
    </message>
</context>
<context>
    <name>AlertsSettingsPage</name>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>Hold notifications during quiet hours</source>
        <translation>免打扰时段内暂不弹出提醒</translation>
    </message>
    <message>
        <source> h</source>
        <translation> 小时</translation>
    </message>
    <message>
        <source>A contact task still open this long after its order went overdue is escalated: refund or ask the platform to step in</source>
        <translation>订单超时后联系任务仍未解决超过这个时长即升级：退款或申请平台介入</translation>
    </message>
    <message>
        <source>Alerts raised during quiet hours wait for the daily digest, which sums up the orders at risk, the money at stake and the SKUs to reorder. Every alert also stays in the alert centre (the bell at the top right).</source>
        <translation>免打扰时段内产生的提醒会并入每日摘要，摘要汇总有风险的订单、预计扣款和需要补货的 SKU。所有提醒也都保留在提醒中心（右上角的铃铛）。</translation>
    </message>
</context>
<context>
    <name>AutoImportNotes</name>
    <message>
        <source>and %1 more files</source>
        <translation>等另外 %1 个文件</translation>
    </message>
    <message>
        <source>%1 more files were not imported; File → Import history lists each with its reason</source>
        <translation>另有 %1 个文件未导入；文件 → 导入记录 列出了每个文件的原因</translation>
    </message>
    <message>
        <source>%1 is open in another program (Excel?); it is imported automatically once it is closed</source>
        <translation>%1 正被其他程序（如 Excel）打开；关闭后会自动导入</translation>
    </message>
    <message>
        <source>Automatic import failed</source>
        <translation>自动导入未成功</translation>
    </message>
    <message>
        <source>Imported automatically</source>
        <translation>已自动导入</translation>
    </message>
    <message>
        <source>Waiting for a file</source>
        <translation>等待文件</translation>
    </message>
    <message>
        <source>Stock sheet %1 (%2 SKUs)</source>
        <translation>库存表 %1（%2 个 SKU）</translation>
    </message>
    <message>
        <source>%1 %2 orders (new %3, updated %4)</source>
        <translation>%1 %2 单（新增 %3，更新 %4）</translation>
    </message>
    <message>
        <source>The watched folder %1 is not available; new exports there are not imported until it is back</source>
        <translation>监视的文件夹 %1 无法访问；恢复之前，新的导出文件不会被导入</translation>
    </message>
    <message>
        <source>The watched folder %1 cannot be read; new exports there are not imported</source>
        <translation>监视的文件夹 %1 无法读取；其中新的导出文件不会被导入</translation>
    </message>
    <message>
        <source>Watched folder missing</source>
        <translation>监视文件夹不可用</translation>
    </message>
    <message>
        <source>Watched folder back</source>
        <translation>监视文件夹已恢复</translation>
    </message>
    <message>
        <source>The watched folder %1 is back; new exports there are imported again</source>
        <translation>监视的文件夹 %1 已恢复；其中新的导出文件会重新自动导入</translation>
    </message>
</context>
<context>
    <name>BackupDialog</name>
    <message>
        <source>Backups and restore</source>
        <translation>备份与恢复</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>SKUs</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Last import</source>
        <translation>最后导入</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <source>Restore this backup…</source>
        <translation>恢复此备份…</translation>
    </message>
    <message>
        <source>Open backup folder</source>
        <translation>打开备份文件夹</translation>
    </message>
    <message>
        <source>Every backup is also copied here: choose a folder of 坚果云 (Nutstore), OneDrive or a USB drive, so a copy survives if this computer breaks.</source>
        <translation>每个备份也会复制一份到这里：选坚果云、OneDrive 的同步文件夹或 U 盘里的文件夹，电脑坏了备份也还在。</translation>
    </message>
    <message>
        <source>Choose folder…</source>
        <translation>选择文件夹…</translation>
    </message>
    <message>
        <source>Stop copying</source>
        <translation>不再复制</translation>
    </message>
    <message>
        <source>Move to a new computer</source>
        <translation>换电脑</translation>
    </message>
    <message>
        <source>Export the whole shop (orders, stock ledger, settings, saved column mappings, message templates and rule changes) to one file, and import that file on the other computer.</source>
        <translation>把整个店铺（订单、库存台账、设置、保存的列映射、话术模板和规则调整）导出成一个文件，在新电脑上导入这个文件即可。</translation>
    </message>
    <message>
        <source>Here the file holds the whole shared shop; importing a file replaces the shared shop for every computer that uses it.</source>
        <translation>这里导出的文件包含整个共享店铺；导入文件会替换共享店铺，所有使用它的电脑都会受影响。</translation>
    </message>
    <message>
        <source>Export the whole shop…</source>
        <translation>导出整个店铺…</translation>
    </message>
    <message>
        <source>Import a shop…</source>
        <translation>导入店铺…</translation>
    </message>
    <message>
        <source>Before a restore</source>
        <translation>恢复前</translation>
    </message>
    <message>
        <source>Before an update</source>
        <translation>升级前</translation>
    </message>
    <message>
        <source>Manual</source>
        <translation>手动</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>ShopSentry backs up your shop by itself: when it starts (at most once a day), every day while it runs, and before every update and every restore. It keeps the last 7 daily and the last 4 weekly copies, each checked after writing. Backup folder: %1</source>
        <translation>店哨会自动备份店铺：启动时（每天最多一次）、运行中每天一次，以及每次升级和恢复之前。保留最近 7 天的每日备份和最近 4 周的每周备份，每份写好后都会校验。备份文件夹：%1</translation>
    </message>
    <message>
        <source>This shop is on the shared database %1, which every computer of the shop uses. Its backups are copies of the shared shop, kept on this computer; where PostgreSQL&apos;s pg_dump is installed, an archive of the server&apos;s database is kept beside them (folder pg_dump).</source>
        <translation>本店铺在共享数据库 %1 上，店里所有电脑都用它。这里的备份是共享店铺的副本，保存在这台电脑上；如果装有 PostgreSQL 的 pg_dump，还会在旁边（pg_dump 文件夹）保存一份服务器数据库的存档。</translation>
    </message>
    <message>
        <source>Not set: backups stay on this computer only</source>
        <translation>未设置：备份只保存在这台电脑上</translation>
    </message>
    <message>
        <source>No backup yet. Click “Back up now” to make the first one.</source>
        <translation>还没有备份。点“立即备份”做第一份。</translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation>正在备份…</translation>
    </message>
    <message>
        <source>Backed up: %1 (%2)</source>
        <translation>已备份：%1（%2）</translation>
    </message>
    <message>
        <source>%1 orders, %2 SKUs</source>
        <translation>%1 单，%2 个 SKU</translation>
    </message>
    <message>
        <source>, last import %1</source>
        <translation>，最后导入 %1</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>This replaces the shop&apos;s current data (%1) with the backup&apos;s. The current database is kept aside first as a backup of its own (“Before a restore”), so you can go back to it.</source>
        <translation>店铺现在的数据（%1）将被这个备份替换。替换前，当前数据库会先另存为一份备份（“恢复前”），需要时还能恢复回来。</translation>
    </message>
    <message>
        <source>Restore this backup?</source>
        <translation>恢复这个备份？</translation>
    </message>
    <message>
        <source>Restore the backup of %1 (%2)?</source>
        <translation>恢复 %1 的备份（%2）？</translation>
    </message>
    <message>
        <source>Replace the shared shop</source>
        <translation>替换共享店铺</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Restoring…</source>
        <translation>正在恢复…</translation>
    </message>
    <message>
        <source>This replaces the shared shop on %2 — its data now: %1 — for every computer that uses it, at once. Ask the others to stop working in ShopSentry until it is done. The shared shop as it is now is kept first as a backup on this computer (“Before a restore”), so you can go back to it.</source>
        <translation>这会立即替换 %2 上的共享店铺（现在的数据：%1），所有使用它的电脑都会受影响。请先让其他人暂停使用店哨，直到完成。替换前，共享店铺现在的数据会先在这台电脑上另存为一份备份（“恢复前”），需要时还能恢复回来。</translation>
    </message>
    <message>
        <source>Restored %1.</source>
        <translation>已恢复 %1。</translation>
    </message>
    <message>
        <source>Every computer using the shared database now works with this data.</source>
        <translation>所有使用共享数据库的电脑现在都使用这份数据。</translation>
    </message>
    <message>
        <source>The data before is kept as %1.</source>
        <translation>恢复前的数据另存为 %1。</translation>
    </message>
    <message>
        <source>Second backup folder</source>
        <translation>第二个备份文件夹</translation>
    </message>
    <message>
        <source>From now on every backup is also copied to %1. Click “Back up now” to put the first copy there.</source>
        <translation>今后每个备份都会复制一份到 %1。点“立即备份”先放一份过去。</translation>
    </message>
    <message>
        <source>Backups are no longer copied to a second folder.</source>
        <translation>备份不再复制到第二个文件夹。</translation>
    </message>
    <message>
        <source>Export the whole shop</source>
        <translation>导出整个店铺</translation>
    </message>
    <message>
        <source>Exporting the shop…</source>
        <translation>正在导出店铺…</translation>
    </message>
    <message>
        <source>The shop is in %1 (%2). Copy it to the new computer and use “Import a shop…” there.</source>
        <translation>店铺已导出到 %1（%2）。把它复制到新电脑，在那里点“导入店铺…”。</translation>
    </message>
    <message>
        <source>Import a shop</source>
        <translation>导入店铺</translation>
    </message>
    <message>
        <source>This replaces the shop&apos;s current data (%1) with the imported shop. The current database is kept aside first as a backup (“Before a restore”).</source>
        <translation>店铺现在的数据（%1）将被导入的店铺替换。替换前，当前数据库会先另存为一份备份（“恢复前”）。</translation>
    </message>
    <message>
        <source>Import this shop?</source>
        <translation>导入这个店铺？</translation>
    </message>
    <message>
        <source>Import the shop from %1?</source>
        <translation>从 %1 导入店铺？</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Importing the shop…</source>
        <translation>正在导入店铺…</translation>
    </message>
</context>
<context>
    <name>ChannelsPage</name>
    <message>
        <source>WeCom group robot</source>
        <translation>企业微信群机器人</translation>
    </message>
    <message>
        <source>DingTalk group robot</source>
        <translation>钉钉群机器人</translation>
    </message>
    <message>
        <source>Feishu group bot</source>
        <translation>飞书群机器人</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <source>Alerts also go to the shop&apos;s group chat or mailbox: one summary per check, never a buyer&apos;s phone number, name or address.</source>
        <translation>提醒同时发到店铺的工作群或邮箱：每次检查一条汇总，绝不包含买家的手机号、姓名或地址。</translation>
    </message>
    <message>
        <source>Preview: what the group would get now</source>
        <translation>预览：群里现在会收到的消息</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Sends from</source>
        <translation>发送级别</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Send a test</source>
        <translation>发送测试</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>e.g. Shop group</source>
        <translation>例如：店铺群</translation>
    </message>
    <message>
        <source>Everything</source>
        <translation>全部提醒</translation>
    </message>
    <message>
        <source>Urgent and critical</source>
        <translation>紧急和严重</translation>
    </message>
    <message>
        <source>Critical only</source>
        <translation>仅严重</translation>
    </message>
    <message>
        <source>Own quiet hours</source>
        <translation>单独设置免打扰</translation>
    </message>
    <message>
        <source>Signing secret</source>
        <translation>加签密钥</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Quiet hours</source>
        <translation>免打扰时段</translation>
    </message>
    <message>
        <source>Save channel</source>
        <translation>保存渠道</translation>
    </message>
    <message>
        <source>everything</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <source>critical</source>
        <translation>严重</translation>
    </message>
    <message>
        <source>Paused: %1</source>
        <translation>已暂停：%1</translation>
    </message>
    <message>
        <source>%1 waiting</source>
        <translation>%1 条待发送</translation>
    </message>
    <message>
        <source>Working</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Robot keys and mail passwords are kept in this computer&apos;s credential store.</source>
        <translation>机器人密钥和邮箱密码保存在本机的系统凭据库中。</translation>
    </message>
    <message>
        <source>This computer has no credential store: robot keys and mail passwords are kept in a file in the data folder that only your user account can read.</source>
        <translation>本机没有系统凭据库：机器人密钥和邮箱密码保存在数据文件夹中的一个文件里，只有您的用户账户可以读取。</translation>
    </message>
    <message>
        <source>e.g. %1</source>
        <translation>例如 %1</translation>
    </message>
    <message>
        <source>Preparing the preview…</source>
        <translation>正在生成预览…</translation>
    </message>
    <message>
        <source>The preview could not be made; details are in the log file.</source>
        <translation>无法生成预览，详情见日志文件。</translation>
    </message>
    <message>
        <source>The channel could not be saved; details are in the log file.</source>
        <translation>渠道未能保存；详情见日志文件。</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>正在发送…</translation>
    </message>
    <message>
        <source>The test could not be sent; details are in the log file.</source>
        <translation>测试消息未能发送；详情见日志文件。</translation>
    </message>
</context>
<context>
    <name>ColumnMappingDialog</name>
    <message>
        <source>Order number</source>
        <translation>订单编号</translation>
    </message>
    <message>
        <source>Order status</source>
        <translation>订单状态</translation>
    </message>
    <message>
        <source>Paid time</source>
        <translation>付款时间</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Amount paid</source>
        <translation>实付金额</translation>
    </message>
    <message>
        <source>Sub-order (line) number</source>
        <translation>子订单编号</translation>
    </message>
    <message>
        <source>Merchant SKU code</source>
        <translation>商家编码</translation>
    </message>
    <message>
        <source>Specification</source>
        <translation>规格</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>单价</translation>
    </message>
    <message>
        <source>Promised ship time</source>
        <translation>承诺发货时间</translation>
    </message>
    <message>
        <source>Shipped time</source>
        <translation>发货时间</translation>
    </message>
    <message>
        <source>Order created time</source>
        <translation>下单时间</translation>
    </message>
    <message>
        <source>After-sale status</source>
        <translation>售后状态</translation>
    </message>
    <message>
        <source>Postage</source>
        <translation>运费</translation>
    </message>
    <message>
        <source>Buyer account</source>
        <translation>买家账号</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>收件人</translation>
    </message>
    <message>
        <source>Recipient phone</source>
        <translation>收件人电话</translation>
    </message>
    <message>
        <source>Province</source>
        <translation>省</translation>
    </message>
    <message>
        <source>City</source>
        <translation>市</translation>
    </message>
    <message>
        <source>District</source>
        <translation>区</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Carrier</source>
        <translation>快递公司</translation>
    </message>
    <message>
        <source>Tracking number</source>
        <translation>快递单号</translation>
    </message>
    <message>
        <source>Buyer message</source>
        <translation>买家留言</translation>
    </message>
    <message>
        <source>Seller note</source>
        <translation>商家备注</translation>
    </message>
    <message>
        <source>Douyin (抖店)</source>
        <translation>抖店</translation>
    </message>
    <message>
        <source>Taobao / Tmall</source>
        <translation>淘宝 / 天猫</translation>
    </message>
    <message>
        <source>Pinduoduo</source>
        <translation>拼多多</translation>
    </message>
    <message>
        <source>Kuaishou</source>
        <translation>快手</translation>
    </message>
    <message>
        <source>TikTok Shop</source>
        <translation>TikTok Shop</translation>
    </message>
    <message>
        <source>Map the columns of %1</source>
        <translation>为 %1 指定列对应</translation>
    </message>
    <message>
        <source>ShopSentry does not know the layout of this file yet. Say which column holds what; fields marked * are needed. The mapping is saved and used automatically the next time a file with the same columns is imported.</source>
        <translation>店哨还不认识这个文件的格式。请指出每一列是什么内容，带 * 的字段必须指定。这份列对应会被保存，以后导入列相同的文件时自动使用。</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>%1 layout</source>
        <translation>%1 格式</translation>
    </message>
    <message>
        <source>Save the mapping as</source>
        <translation>列对应保存为</translation>
    </message>
    <message>
        <source>Save and import</source>
        <translation>保存并导入</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Column in the file</source>
        <translation>文件中的列</translation>
    </message>
    <message>
        <source>First value</source>
        <translation>第一行的值</translation>
    </message>
    <message>
        <source>— not in this file —</source>
        <translation>— 文件中没有 —</translation>
    </message>
    <message>
        <source>The first rows of the file</source>
        <translation>文件的前几行</translation>
    </message>
    <message>
        <source>Choose the column for “%1”.</source>
        <translation>请为「%1」选择一列。</translation>
    </message>
    <message>
        <source>Column “%1” is chosen for several fields: %2.</source>
        <translation>「%1」这一列被同时用于多个字段：%2。</translation>
    </message>
</context>
<context>
    <name>ConnectionWatch</name>
    <message>
        <source>Shared database disconnected — trying again in %1 s</source>
        <translation>共享数据库已断开，%1 秒后重试</translation>
    </message>
</context>
<context>
    <name>ContactTab</name>
    <message>
        <source>Awaiting reply</source>
        <translation>待回复</translation>
    </message>
    <message>
        <source>Resolved today</source>
        <translation>今日已解决</translation>
    </message>
    <message>
        <source>Follow up</source>
        <translation>跟进</translation>
    </message>
    <message>
        <source>Escalate</source>
        <translation>升级</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>截止</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>Order ID</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>Buyer</source>
        <translation>买家</translation>
    </message>
    <message>
        <source>This buyer already agreed to wait once</source>
        <translation>这位买家已经等过一次</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>话术</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Open only</source>
        <translation>只看未解决</translation>
    </message>
    <message>
        <source>No orders yet. Buyers to tell about a late or out-of-stock order will appear here, with the message already written.</source>
        <translation>还没有订单。需要告知发货延迟或缺货的买家会出现在这里，消息已经写好。</translation>
    </message>
    <message>
        <source>Import orders…</source>
        <translation>导入订单…</translation>
    </message>
    <message>
        <source>No buyer needs contacting right now. Orders that will ship late or are out of stock appear here with the message already written.</source>
        <translation>目前没有需要联系的买家。将要延迟发货或缺货的订单会出现在这里，消息已经写好。</translation>
    </message>
    <message>
        <source>Only mine</source>
        <translation>只看我的</translation>
    </message>
    <message>
        <source>Only the tasks you claimed (your name is set in Settings → Shared database)</source>
        <translation>只显示你认领的任务（你的名字在 设置 → 共享数据库 中填写）</translation>
    </message>
    <message>
        <source>Claim</source>
        <translation>认领</translation>
    </message>
    <message>
        <source>Take this task so the other staff see you are on it</source>
        <translation>认领这条任务，其他同事就知道你在处理</translation>
    </message>
    <message>
        <source>Message templates…</source>
        <translation>话术模板…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>Copy, paste in the chat, Ctrl+Enter, next: the keys of the contact queue</source>
        <translation>复制、粘贴到聊天、Ctrl+Enter、下一位：客户联系的快捷键</translation>
    </message>
    <message>
        <source>Left today: %1 to contact · %2 done</source>
        <translation>今日还剩 %1 位待联系 · 已处理 %2</translation>
    </message>
    <message>
        <source>Copy message</source>
        <translation>复制话术</translation>
    </message>
    <message>
        <source>Copy order ID</source>
        <translation>复制订单号</translation>
    </message>
    <message>
        <source>Mark sent</source>
        <translation>标记已发送</translation>
    </message>
    <message>
        <source>%1 handling</source>
        <translation>%1 处理中</translation>
    </message>
    <message>
        <source>escalated</source>
        <translation>已升级</translation>
    </message>
</context>
<context>
    <name>ContactWrites</name>
    <message>
        <source>Customer contact</source>
        <translation>客户联系</translation>
    </message>
    <message>
        <source>Something went wrong: %1
Details are in the log file.</source>
        <translation>出错了：%1
详细信息已写入日志文件。</translation>
    </message>
    <message>
        <source>Already sent: press 1–6 for the outcome, ↓ for the next task</source>
        <translation>已发送过：按 1–6 记录结果，按 ↓ 到下一个任务</translation>
    </message>
    <message>
        <source>Marked sent: %1</source>
        <translation>已标记发送：%1</translation>
    </message>
    <message>
        <source>Now record the new date in %1 before the deadline (%2).</source>
        <translation>请在截止前把新的发货日期登记到%1（%2）。</translation>
    </message>
    <message>
        <source>Resolved: %1</source>
        <translation>已解决：%1</translation>
    </message>
    <message>
        <source>Undone: %1 task(s) back to their state before</source>
        <translation>已撤销：%1 个任务回到之前的状态</translation>
    </message>
    <message>
        <source>Copied %1 messages, numbered: paste them one by one, then Ctrl+Enter marks them all sent.</source>
        <translation>已复制 %1 条话术（带编号）：逐条粘贴后按 Ctrl+Enter 全部标记已发送。</translation>
    </message>
    <message>
        <source>Copied %1&apos;s message. Paste it into the platform chat, then Ctrl+Enter.</source>
        <translation>已复制 %1 的话术。粘贴到平台聊天后按 Ctrl+Enter。</translation>
    </message>
</context>
<context>
    <name>DamagedDialog</name>
    <message>
        <source>The shop&apos;s database is damaged</source>
        <translation>店铺数据库已损坏</translation>
    </message>
    <message>
        <source>ShopSentry cannot read its database</source>
        <translation>店哨无法读取数据库</translation>
    </message>
    <message>
        <source>The file %1 is damaged (a power cut, a disk error or a sync program writing over it can do this). It will not be deleted: whatever you choose, it is kept aside in %2.</source>
        <translation>数据库文件 %1 已损坏（断电、磁盘错误或同步软件覆盖都可能造成）。它不会被删除：无论选哪一项，都会另存到 %2。</translation>
    </message>
    <message>
        <source>Restore this backup</source>
        <translation>恢复这个备份</translation>
    </message>
    <message>
        <source>%1 orders, %2 SKUs</source>
        <translation>%1 单，%2 个 SKU</translation>
    </message>
    <message>
        <source>, last import %1</source>
        <translation>，最后导入 %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Restore the newest backup&lt;/b&gt; of %1 (%2, %3). Anything entered after it is missing; if this copy is damaged too, the next older one is used.</source>
        <translation>&lt;b&gt;恢复最新的备份&lt;/b&gt;：%1（%2，%3）。这之后录入的数据会缺失；如果这份备份也损坏了，会自动改用更早的一份。</translation>
    </message>
    <message>
        <source>&lt;b&gt;There is no backup&lt;/b&gt; in %1 to restore.</source>
        <translation>%1 中&lt;b&gt;没有可恢复的备份&lt;/b&gt;。</translation>
    </message>
    <message>
        <source>Salvage the data</source>
        <translation>抢救数据</translation>
    </message>
    <message>
        <source>&lt;b&gt;Salvage what can still be read&lt;/b&gt;: SQLite can still read %1 of the file&apos;s tables. They are copied into a new database, which ShopSentry then uses; what cannot be read is missing.</source>
        <translation>&lt;b&gt;抢救还能读出的数据&lt;/b&gt;：这个文件里还有 %1 张表能读出。它们会被复制到一个新的数据库，店哨随后使用新库；读不出的部分会缺失。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Nothing can be salvaged&lt;/b&gt;: SQLite cannot read any table of this file.</source>
        <translation>&lt;b&gt;无法抢救&lt;/b&gt;：这个文件里没有一张表还能读出。</translation>
    </message>
    <message>
        <source>The details are in the log file: %1</source>
        <translation>详细信息已写入日志文件：%1</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Restoring the backup…</source>
        <translation>正在恢复备份…</translation>
    </message>
    <message>
        <source>Salvaging…</source>
        <translation>正在抢救…</translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <source>The message to paste into the platform chat</source>
        <translation>要粘贴到平台客服聊天的话术</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>话术</translation>
    </message>
    <message>
        <source>Which message to send</source>
        <translation>发送哪种话术</translation>
    </message>
    <message>
        <source>New ship date</source>
        <translation>新发货日期</translation>
    </message>
    <message>
        <source>Compensation</source>
        <translation>补偿</translation>
    </message>
    <message>
        <source>What the buyer gets for waiting (pay it through the platform)</source>
        <translation>买家等待可获得的补偿（请通过平台发放）</translation>
    </message>
    <message>
        <source>Substitute</source>
        <translation>替代款</translation>
    </message>
    <message>
        <source>In-stock substitutes from the SKU master</source>
        <translation>SKU 资料中有货的替代款</translation>
    </message>
    <message>
        <source>Copy message</source>
        <translation>复制话术</translation>
    </message>
    <message>
        <source>Select all for this SKU</source>
        <translation>全选此 SKU</translation>
    </message>
    <message>
        <source>Save text</source>
        <translation>保存话术</translation>
    </message>
    <message>
        <source>Mark sent</source>
        <translation>标记已发送</translation>
    </message>
    <message>
        <source>Buyer replied</source>
        <translation>买家已回复</translation>
    </message>
    <message>
        <source>Followed up</source>
        <translation>已跟进</translation>
    </message>
    <message>
        <source>Date recorded in platform tool</source>
        <translation>已在协商工具登记</translation>
    </message>
    <message>
        <source>Resolve:</source>
        <translation>处理结果：</translation>
    </message>
    <message>
        <source>Reopen</source>
        <translation>重新打开</translation>
    </message>
    <message>
        <source>Note, e.g. what the buyer said</source>
        <translation>备注，例如买家的回复</translation>
    </message>
    <message>
        <source>Add note</source>
        <translation>添加备注</translation>
    </message>
    <message>
        <source>Selects every order of %1 still to contact: then one copy holds all their messages, numbered, and “Mark sent” marks them all</source>
        <translation>选中 %1 所有待联系的订单：一次复制即得到全部话术（带编号），“标记已发送”一次全部标记</translation>
    </message>
    <message>
        <source>Not saved yet: copy or save to keep this text</source>
        <translation>尚未保存：复制或保存后才会保留这段话术</translation>
    </message>
    <message>
        <source>%1 tasks selected: Copy and Mark sent act on all of them</source>
        <translation>已选 %1 个任务：复制和标记已发送对全部生效</translation>
    </message>
</context>
<context>
    <name>DetailText</name>
    <message>
        <source>Contact the buyer before the ship-by deadline</source>
        <translation>在发货截止前联系买家</translation>
    </message>
    <message>
        <source>Follow up if the buyer has not replied</source>
        <translation>买家未回复时跟进</translation>
    </message>
    <message>
        <source>Agree a new date before the deadline</source>
        <translation>在截止前与买家约定新的发货日期</translation>
    </message>
    <message>
        <source>Escalate: refund or ask the platform to step in</source>
        <translation>升级处理：退款或申请平台介入</translation>
    </message>
    <message>
        <source>shipped</source>
        <translation>已发货</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>unshipped</source>
        <translation>未发货</translation>
    </message>
    <message>
        <source>Task created</source>
        <translation>创建任务</translation>
    </message>
    <message>
        <source>Message changed</source>
        <translation>修改了话术</translation>
    </message>
    <message>
        <source>Claimed</source>
        <translation>已认领</translation>
    </message>
    <message>
        <source>Released</source>
        <translation>已放回</translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation>已升级</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>New date recorded in the platform tool</source>
        <translation>新日期已登记到平台协商工具</translation>
    </message>
    <message>
        <source>Followed up</source>
        <translation>已跟进</translation>
    </message>
    <message>
        <source>Closed automatically</source>
        <translation>自动关闭</translation>
    </message>
    <message>
        <source>Undone</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <source> (%1)</source>
        <translation>（%1）</translation>
    </message>
    <message>
        <source>Cause confirmed</source>
        <translation>已确认原因</translation>
    </message>
    <message>
        <source>Buyer contacted</source>
        <translation>已联系买家</translation>
    </message>
    <message>
        <source>New date agreed</source>
        <translation>已约定新日期</translation>
    </message>
    <message>
        <source>New date recorded in %1</source>
        <translation>新日期已登记到%1</translation>
    </message>
    <message>
        <source>Shipped or refunded</source>
        <translation>已发货或已退款</translation>
    </message>
    <message>
        <source>%1 of %2 used</source>
        <translation>已用 %1/%2 次</translation>
    </message>
    <message>
        <source>%1 recorded</source>
        <translation>已登记 %1 次</translation>
    </message>
    <message>
        <source>Still open %1 hours after the deadline.</source>
        <translation>超过发货截止 %1 小时仍未解决。</translation>
    </message>
    <message>
        <source>Platforms now treat the order as out of stock: refund or ask the platform to step in, and never ship an empty or different parcel.</source>
        <translation>平台会按缺货处理：请尽快退款或申请平台介入，切勿发空包或发错货。</translation>
    </message>
    <message>
        <source>contacted</source>
        <translation>联系过</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>This buyer already waited once.</source>
        <translation>这位买家已经等过一次。</translation>
    </message>
    <message>
        <source>Offer more than the usual compensation, or a quick refund.</source>
        <translation>建议给出比平常更多的补偿，或尽快退款。</translation>
    </message>
    <message>
        <source>Ship by</source>
        <translation>最晚发货</translation>
    </message>
    <message>
        <source>New date</source>
        <translation>新日期</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>No earlier orders or contacts.</source>
        <translation>没有更早的订单或联系记录。</translation>
    </message>
    <message>
        <source>Order %1</source>
        <translation>订单%1</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Playbook</source>
        <translation>处理步骤（72小时）</translation>
    </message>
    <message>
        <source>This buyer before</source>
        <translation>该买家以往记录</translation>
    </message>
    <message>
        <source>History</source>
        <translation>处理记录</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <source>ShopSentry hit a problem</source>
        <translation>店哨遇到问题</translation>
    </message>
    <message>
        <source>Something unexpected happened. Your data is safe; the last action may not have finished. Please try it again.</source>
        <translation>出现了意外问题。您的数据是安全的，但刚才的操作可能没有完成，请再试一次。</translation>
    </message>
    <message>
        <source>The details were written to the log file:</source>
        <translation>详细信息已写入日志文件：</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>复制详细信息</translation>
    </message>
    <message>
        <source>Copies the technical details, to paste into a message to support</source>
        <translation>复制技术细节，可粘贴发给客服</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>打开日志文件夹</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
</context>
<context>
    <name>HealthTab</name>
    <message>
        <source>Over the line</source>
        <translation>已超线</translation>
    </message>
    <message>
        <source>Heading over</source>
        <translation>预计超线</translation>
    </message>
    <message>
        <source>Orders affecting the shop rate</source>
        <translation>影响店铺迟发率的订单</translation>
    </message>
    <message>
        <source>Click to see them in the order-risk tab</source>
        <translation>点击在订单风险页查看这些订单</translation>
    </message>
    <message>
        <source>Computed from your own exports, not read from the platform: the platform&apos;s own figure may differ. No composite score is guessed.</source>
        <translation>根据你导入的订单算出，不是从平台读取的：平台后台的数字可能不同。平台不公开的综合分不做猜测。</translation>
    </message>
    <message>
        <source>No orders yet. Import an order export to see your shop&apos;s late-dispatch rate against the platform&apos;s line.</source>
        <translation>还没有订单。导入订单导出文件，就能看到店铺迟发率离平台红线还有多远。</translation>
    </message>
    <message>
        <source>Import orders…</source>
        <translation>导入订单…</translation>
    </message>
    <message>
        <source>Within the line</source>
        <translation>未超线</translation>
    </message>
    <message>
        <source>Over the first line</source>
        <translation>超过第一条线</translation>
    </message>
    <message>
        <source>Too few orders</source>
        <translation>样本太少</translation>
    </message>
    <message>
        <source>No published line</source>
        <translation>平台未公布红线</translation>
    </message>
    <message>
        <source>Or look around a demo shop first</source>
        <translation>或者先看看演示店铺</translation>
    </message>
    <message>
        <source>None of your platforms has a shop-level metric ShopSentry can compute yet.</source>
        <translation>你的平台暂时还没有店哨能计算的店铺级指标。</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>正在导入 %1…</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>The import failed: %1</source>
        <translation>导入失败：%1</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Which date order?</source>
        <translation>日期是哪种顺序？</translation>
    </message>
    <message>
        <source>The dates in %1 can be read two ways.</source>
        <translation>%1 里的日期有两种读法。</translation>
    </message>
    <message>
        <source>US stores write month/day/year; South-East Asian stores write day/month/year.</source>
        <translation>美国站写作 月/日/年，东南亚站写作 日/月/年。</translation>
    </message>
    <message>
        <source>Month/day/year (US)</source>
        <translation>月/日/年（美国）</translation>
    </message>
    <message>
        <source>Day/month/year (South-East Asia)</source>
        <translation>日/月/年（东南亚）</translation>
    </message>
    <message>
        <source>Use this for later TikTok files that are just as ambiguous</source>
        <translation>以后同样无法判断的 TikTok 文件也按此读取</translation>
    </message>
    <message>
        <source>Import finished</source>
        <translation>导入完成</translation>
    </message>
    <message>
        <source>Nothing from a rejected file was imported; your data is as it was. Fix these cells in the file and import it again, or import only the valid rows:</source>
        <translation>被拒绝的文件没有导入任何内容，数据保持原样。请在文件中改正下列单元格后重新导入，或只导入有效的行：</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Import the valid rows only</source>
        <translation>只导入有效的行</translation>
    </message>
    <message>
        <source>Skips the %1 rows listed above and imports the rest of these files.</source>
        <translation>跳过上面列出的 %1 行，导入这些文件的其余行。</translation>
    </message>
    <message>
        <source>Map the columns…</source>
        <translation>指定列对应…</translation>
    </message>
    <message>
        <source>Say which column of %1 holds what; ShopSentry remembers it.</source>
        <translation>指出 %1 每一列的内容；店哨会记住。</translation>
    </message>
    <message>
        <source>The rows listed with a problem will be left out; every other row of these files is imported. Continue?</source>
        <translation>列出的有问题的行将被跳过，这些文件的其他行都会导入。继续吗？</translation>
    </message>
    <message>
        <source>Import history</source>
        <translation>导入记录</translation>
    </message>
    <message>
        <source>Nothing has been imported yet.</source>
        <translation>还没有导入过文件。</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>行数</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单数</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Unchanged</source>
        <translation>未变</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>File hash (SHA-256)</source>
        <translation>文件指纹（SHA-256）</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>Skipped (not an export)</source>
        <translation>已跳过（不是导出文件）</translation>
    </message>
    <message>
        <source>Stock sheet</source>
        <translation>库存表</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
</context>
<context>
    <name>IncidentBanner</name>
    <message>
        <source>Handle now</source>
        <translation>立即处理</translation>
    </message>
    <message>
        <source>and %1 more incidents</source>
        <translation>另有 %1 个异常事件</translation>
    </message>
    <message>
        <source>at stake %1</source>
        <translation>涉及金额 %1</translation>
    </message>
</context>
<context>
    <name>IncidentDialog</name>
    <message>
        <source>Incident</source>
        <translation>异常事件</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>付款时间</translation>
    </message>
    <message>
        <source>Buyer</source>
        <translation>买家</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Order status</source>
        <translation>订单状态</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>话术</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Dismiss: this is intended…</source>
        <translation>忽略：这是正常情况…</translation>
    </message>
    <message>
        <source>Mark handled</source>
        <translation>标记已处理</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>Stop the bleeding</source>
        <translation>先止损</translation>
    </message>
    <message>
        <source>Done: listing down / stock set</source>
        <translation>已完成：已下架 / 已改库存</translation>
    </message>
    <message>
        <source>Hold shipping</source>
        <translation>暂停发货</translation>
    </message>
    <message>
        <source>Hold these orders</source>
        <translation>暂停这些订单发货</translation>
    </message>
    <message>
        <source>Tell every buyer</source>
        <translation>逐一告知买家</translation>
    </message>
    <message>
        <source>Copy all messages</source>
        <translation>复制全部话术</translation>
    </message>
    <message>
        <source>Mark all as sent</source>
        <translation>全部标记为已发送</translation>
    </message>
    <message>
        <source>Record each outcome</source>
        <translation>记录每单结果</translation>
    </message>
    <message>
        <source>Record for selected orders</source>
        <translation>为选中订单记录</translation>
    </message>
    <message>
        <source>This incident no longer exists.</source>
        <translation>该异常事件已不存在。</translation>
    </message>
    <message>
        <source> · dismissed as intended</source>
        <translation> · 已忽略（正常情况）</translation>
    </message>
    <message>
        <source> · handled</source>
        <translation> · 已处理</translation>
    </message>
    <message>
        <source>At stake %1</source>
        <translation>涉及金额 %1</translation>
    </message>
    <message>
        <source>✓ done %1</source>
        <translation>✓ 已完成 %1</translation>
    </message>
    <message>
        <source>Message to each buyer (template “%1”):</source>
        <translation>发给每位买家的话术（模板“%1”）：</translation>
    </message>
    <message>
        <source>%1 of %2 buyers told</source>
        <translation>已告知 %1 / %2 位买家</translation>
    </message>
    <message>
        <source>No message needed: the contact queue tells buyers whose order is short</source>
        <translation>无需单独话术：缺货订单的买家会出现在客户联系队列中</translation>
    </message>
    <message>
        <source>%1 of %2 buyers done</source>
        <translation>已处理 %1 / %2 位买家</translation>
    </message>
    <message>
        <source>Not shipped</source>
        <translation>未发货</translation>
    </message>
    <message>
        <source>Shipped or closed</source>
        <translation>已发货或已关闭</translation>
    </message>
    <message>
        <source>%1 messages copied: paste them in the platform&apos;s chat one by one</source>
        <translation>已复制 %1 条话术：请在平台客服工具中逐条粘贴发送</translation>
    </message>
    <message>
        <source>Dismiss incident</source>
        <translation>忽略异常事件</translation>
    </message>
    <message>
        <source>Why is this intended? (it will not fire again for this burst)</source>
        <translation>为什么这是正常情况？（这一波订单不会再提醒）</translation>
    </message>
    <message>
        <source>This is a normal flash sale</source>
        <translation>这是正常的秒杀活动</translation>
    </message>
    <message>
        <source>since %1</source>
        <translation>始于 %1</translation>
    </message>
</context>
<context>
    <name>InventoryTab</name>
    <message>
        <source>Oversold</source>
        <translation>超卖</translation>
    </message>
    <message>
        <source>Out of stock</source>
        <translation>无货</translation>
    </message>
    <message>
        <source>To reorder</source>
        <translation>需补货</translation>
    </message>
    <message>
        <source>To prepare for open orders</source>
        <translation>待备货 SKU</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>商家编码</translation>
    </message>
    <message>
        <source>Product / spec</source>
        <translation>商品 / 规格</translation>
    </message>
    <message>
        <source>On
hand</source>
        <translation>在库</translation>
    </message>
    <message>
        <source>Reserved</source>
        <translation>占用</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>可用</translation>
    </message>
    <message>
        <source>Incoming</source>
        <translation>在途</translation>
    </message>
    <message>
        <source>Daily
sales</source>
        <translation>日均销量</translation>
    </message>
    <message>
        <source>Days of
cover</source>
        <translation>可售天数</translation>
    </message>
    <message>
        <source>Reorder
point</source>
        <translation>补货点</translation>
    </message>
    <message>
        <source>Suggested
order</source>
        <translation>建议补货</translation>
    </message>
    <message>
        <source>Stock-out
date</source>
        <translation>预计断货</translation>
    </message>
    <message>
        <source>No SKUs yet. Import your stock sheet (商家编码, 实际库存…) or an order export.</source>
        <translation>还没有 SKU。导入库存表（商家编码、实际库存…）或订单导出文件。</translation>
    </message>
    <message>
        <source>Import stock sheet…</source>
        <translation>导入库存表…</translation>
    </message>
    <message>
        <source>Stocktake…</source>
        <translation>盘点…</translation>
    </message>
    <message>
        <source>Purchases…</source>
        <translation>采购到货…</translation>
    </message>
    <message>
        <source>Map SKUs…</source>
        <translation>SKU 对应…</translation>
    </message>
    <message>
        <source>More</source>
        <translation>更多</translation>
    </message>
    <message>
        <source>SKUs (safety stock, lead time, supplier, substitutes)…</source>
        <translation>SKU 资料（安全库存、采购周期、供应商、替代品）…</translation>
    </message>
    <message>
        <source>Adjust stock…</source>
        <translation>库存调整…</translation>
    </message>
    <message>
        <source>To prepare for open orders…</source>
        <translation>待备货清单…</translation>
    </message>
    <message>
        <source>Save stock sheet template…</source>
        <translation>下载库存表模板…</translation>
    </message>
    <message>
        <source>Export stock list…</source>
        <translation>导出库存清单…</translation>
    </message>
    <message>
        <source>Export purchase list…</source>
        <translation>导出采购清单…</translation>
    </message>
    <message>
        <source>Adjust…</source>
        <translation>调整…</translation>
    </message>
    <message>
        <source>Count…</source>
        <translation>盘点…</translation>
    </message>
    <message>
        <source>Purchase…</source>
        <translation>采购…</translation>
    </message>
    <message>
        <source>Edit SKU…</source>
        <translation>编辑 SKU…</translation>
    </message>
    <message>
        <source>Count this SKU…</source>
        <translation>盘点此 SKU…</translation>
    </message>
    <message>
        <source>Purchase / goods received…</source>
        <translation>采购 / 到货…</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Export purchase list</source>
        <translation>导出采购清单</translation>
    </message>
    <message>
        <source>purchase-list</source>
        <translation>采购清单</translation>
    </message>
    <message>
        <source>Save stock sheet template</source>
        <translation>保存库存表模板</translation>
    </message>
    <message>
        <source>stock-sheet</source>
        <translation>库存表</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存到 %1</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Could not write the file: %1</source>
        <translation>无法写入文件：%1</translation>
    </message>
    <message>
        <source>Map SKUs (%1)…</source>
        <translation>匹配 SKU（%1）…</translation>
    </message>
    <message>
        <source>%1 order lines (%2 open units) match no SKU and are not counted</source>
        <translation>%1 个订单商品行（未发货 %2 件）没有对应的 SKU，库存和销量都未计入</translation>
    </message>
    <message>
        <source>Every order line is matched to a SKU</source>
        <translation>所有订单商品行都已对应到 SKU</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变动</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>结存</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>On hand</source>
        <translation>在库</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>available %1</source>
        <translation>可用 %1</translation>
    </message>
    <message>
        <source>Substitutes</source>
        <translation>替代品</translation>
    </message>
    <message>
        <source>Movements</source>
        <translation>库存流水</translation>
    </message>
    <message>
        <source>No movements yet.</source>
        <translation>还没有库存流水。</translation>
    </message>
</context>
<context>
    <name>KeyLoop</name>
    <message>
        <source>Copy the selected task&apos;s message (several selected: all, numbered)</source>
        <translation>复制所选任务的话术（多选时全部复制并编号）</translation>
    </message>
    <message>
        <source>Mark sent, then select the next task to contact</source>
        <translation>标记已发送，并选中下一个待联系任务</translation>
    </message>
    <message>
        <source>Previous task</source>
        <translation>上一个任务</translation>
    </message>
    <message>
        <source>Next task</source>
        <translation>下一个任务</translation>
    </message>
    <message>
        <source>Outcome: %1 (a task sent or replied)</source>
        <translation>结果：%1（已发送或已回复的任务）</translation>
    </message>
    <message>
        <source>Undo the last state change (kept in the history)</source>
        <translation>撤销上一次状态变更（记入历史）</translation>
    </message>
    <message>
        <source>Copies the text (and keeps your edits) to paste into the platform chat (Feige / Qianniu / Pinduoduo)</source>
        <translation>复制话术（并保存您的修改），粘贴到飞鸽 / 千牛 / 拼多多</translation>
    </message>
    <message>
        <source>The message went out: select the next task to contact</source>
        <translation>话术已发出：选中下一个待联系任务</translation>
    </message>
    <message>
        <source>Resolve the task with this outcome</source>
        <translation>以此结果结束任务</translation>
    </message>
    <message>
        <source>Outcomes 1–6 are for a task sent or replied; this one is “%1”</source>
        <translation>1–6 用于已发送或已回复的任务；这个任务是“%1”</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>In the customer-contact tab, whenever the focus is not in a text field:</source>
        <translation>在客户联系页，焦点不在输入框时：</translation>
    </message>
    <message>
        <source>this tab, with the first open task selected</source>
        <translation>打开本页并选中第一个未完成的任务</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>ShopSentry</source>
        <translation>店哨</translation>
    </message>
    <message>
        <source>Inventory</source>
        <translation>库存</translation>
    </message>
    <message>
        <source>Order risk</source>
        <translation>订单风险</translation>
    </message>
    <message>
        <source>Customer contact</source>
        <translation>客户联系</translation>
    </message>
    <message>
        <source>Shop health</source>
        <translation>店铺健康</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <source>Import &amp;history…</source>
        <translation>导入记录(&amp;H)…</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>Check now</source>
        <translation>立即检查</translation>
    </message>
    <message>
        <source>Load demo data</source>
        <translation>加载演示数据</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <source>Backups and restore…</source>
        <translation>备份与恢复…</translation>
    </message>
    <message>
        <source>E&amp;xit</source>
        <translation>退出(&amp;X)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Open data folder</source>
        <translation>打开数据文件夹</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>Last import: %1</source>
        <translation>上次导入：%1</translation>
    </message>
    <message>
        <source>Demo shop — import your own exports with Ctrl+O</source>
        <translation>演示店铺 — 按 Ctrl+O 导入您自己的导出文件</translation>
    </message>
    <message>
        <source>No import yet</source>
        <translation>尚未导入</translation>
    </message>
    <message>
        <source>Last check: %1</source>
        <translation>上次检查：%1</translation>
    </message>
    <message>
        <source>%1 orders · %2 open · %3 SKUs</source>
        <translation>%1 单 · 未发货 %2 单 · %3 个 SKU</translation>
    </message>
    <message>
        <source>%1: export imported %2</source>
        <translation>%1：导出文件导入于 %2</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>There is no time zone called %1; the shop time zone was not changed.</source>
        <translation>没有名为 %1 的时区，店铺时区未更改。</translation>
    </message>
    <message>
        <source>Something went wrong: %1
Details are in the log file.</source>
        <translation>出错了：%1
详细信息已写入日志文件。</translation>
    </message>
    <message>
        <source>Import order exports or a stock sheet</source>
        <translation>导入订单导出文件或库存表</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单数</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <source>Contact list</source>
        <translation>联系清单</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>What to export</source>
        <translation>要导出的内容</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation>已导出到 %1</translation>
    </message>
    <message>
        <source>Demo data</source>
        <translation>演示数据</translation>
    </message>
    <message>
        <source>Demo data can only be loaded into an empty shop.</source>
        <translation>只有空店铺才能加载演示数据。</translation>
    </message>
    <message>
        <source>About ShopSentry</source>
        <translation>关于店哨</translation>
    </message>
    <message>
        <source>&lt;b&gt;ShopSentry %1&lt;/b&gt;&lt;p&gt;Sees late shipments, stock-outs and platform deductions coming, and helps you tell each buyer first.&lt;/p&gt;&lt;p&gt;Data folder: %2&lt;/p&gt;</source>
        <translation>&lt;b&gt;店哨 ShopSentry %1&lt;/b&gt;&lt;p&gt;提前发现超时发货、缺货和平台扣款，帮你先一步通知买家。&lt;/p&gt;&lt;p&gt;数据文件夹：%2&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>MetricRow</name>
    <message>
        <source>Not in the exports</source>
        <translation>导出文件中没有</translation>
    </message>
    <message>
        <source>Heading over</source>
        <translation>预计超线</translation>
    </message>
    <message>
        <source>unverified: secondary source</source>
        <translation>未核实：非官方来源</translation>
    </message>
    <message>
        <source>Too few orders</source>
        <translation>样本太少</translation>
    </message>
    <message>
        <source>Cannot be computed</source>
        <translation>无法计算</translation>
    </message>
    <message>
        <source>%1 cancelled as out of stock of %2 orders paid</source>
        <translation>已付款 %2 单，其中缺货取消 %1 单</translation>
    </message>
    <message>
        <source>%1 cancelled for the seller&apos;s fault of %2 orders paid</source>
        <translation>已付款 %2 单，其中卖家原因取消 %1 单</translation>
    </message>
    <message>
        <source>%1 on time of %2 picked up</source>
        <translation>已揽收 %2 单，其中及时 %1 单</translation>
    </message>
    <message>
        <source>%1 late of %2 dispatched</source>
        <translation>已发货 %2 单，其中迟发 %1 单</translation>
    </message>
    <message>
        <source>Line: %1</source>
        <translation>红线：%1</translation>
    </message>
    <message>
        <source>Solid: the last 30 days · dashed: ahead, on today&apos;s volume · dashed lines: the platform&apos;s lines</source>
        <translation>实线：近 30 天 · 虚线：按近期单量往后推算 · 横虚线：平台红线</translation>
    </message>
    <message>
        <source>○ on the bar: once the overdue orders ship</source>
        <translation>条上的 ○：已超时订单发出后</translation>
    </message>
</context>
<context>
    <name>PausesTable</name>
    <message>
        <source>Days on which a platform has paused its shipping deadlines (holidays, declared force majeure). Deadlines are extended over them.</source>
        <translation>平台暂停发货考核的日期（节假日、平台公告的不可抗力）。发货截止时间会顺延过这些日期。</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>To (inclusive)</source>
        <translation>到（含当天）</translation>
    </message>
    <message>
        <source>Note (e.g. National Day)</source>
        <translation>备注（如：国庆）</translation>
    </message>
    <message>
        <source>Add pause</source>
        <translation>添加暂停期</translation>
    </message>
    <message>
        <source>Remove selected</source>
        <translation>删除所选</translation>
    </message>
    <message>
        <source>All platforms</source>
        <translation>全部平台</translation>
    </message>
</context>
<context>
    <name>PlatformRules</name>
    <message>
        <source>Your shop&apos;s promise (the shortest promise you made anywhere counts)</source>
        <translation>本店的发货承诺（以在任何地方做出的最短承诺为准）</translation>
    </message>
    <message>
        <source>Platform default: %1</source>
        <translation>平台默认：%1</translation>
    </message>
    <message>
        <source>My own: within N hours of payment</source>
        <translation>自定义：付款后 N 小时内</translation>
    </message>
    <message>
        <source> h</source>
        <translation> 小时</translation>
    </message>
    <message>
        <source>platform default</source>
        <translation>平台默认</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>United States</source>
        <translation>美国</translation>
    </message>
    <message>
        <source>United Kingdom</source>
        <translation>英国</translation>
    </message>
    <message>
        <source>Vietnam</source>
        <translation>越南</translation>
    </message>
    <message>
        <source>Thailand</source>
        <translation>泰国</translation>
    </message>
    <message>
        <source>Malaysia</source>
        <translation>马来西亚</translation>
    </message>
    <message>
        <source>Philippines</source>
        <translation>菲律宾</translation>
    </message>
    <message>
        <source>Singapore</source>
        <translation>新加坡</translation>
    </message>
    <message>
        <source>Indonesia</source>
        <translation>印度尼西亚</translation>
    </message>
    <message>
        <source>Shop region</source>
        <translation>店铺地区</translation>
    </message>
    <message>
        <source>Ship within</source>
        <translation>发货时限</translation>
    </message>
    <message>
        <source>Same-day cut-off (paid before → ships today)</source>
        <translation>当日发截单时间（此前付款当天发）</translation>
    </message>
    <message>
        <source>Presale orders ship within</source>
        <translation>预售订单发货时限</translation>
    </message>
    <message>
        <source>Double-click a rate, minimum or maximum to change it; changed numbers are highlighted.</source>
        <translation>双击比例、最低或最高金额即可修改；改过的数字会高亮显示。</translation>
    </message>
    <message>
        <source>Deduction</source>
        <translation>扣款项目</translation>
    </message>
    <message>
        <source>When</source>
        <translation>适用条件</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>比例/金额</translation>
    </message>
    <message>
        <source>Min ¥</source>
        <translation>最低 ¥</translation>
    </message>
    <message>
        <source>Max ¥</source>
        <translation>最高 ¥</translation>
    </message>
    <message>
        <source>Rounding</source>
        <translation>取整</translation>
    </message>
    <message>
        <source>Effective</source>
        <translation>生效日期</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>核实</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Deductions per order</source>
        <translation>按单扣款</translation>
    </message>
    <message>
        <source>Shop-level threshold</source>
        <translation>店铺级指标</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Shop-level thresholds</source>
        <translation>店铺级指标</translation>
    </message>
    <message>
        <source>Restore the platform&apos;s numbers</source>
        <translation>恢复平台规则数值</translation>
    </message>
    <message>
        <source>Beijing time</source>
        <translation>北京时间</translation>
    </message>
    <message>
        <source>US Pacific time</source>
        <translation>美国太平洋时间</translation>
    </message>
    <message>
        <source>UK time</source>
        <translation>英国时间</translation>
    </message>
    <message>
        <source>Deadlines are counted in %1, whatever your shop&apos;s time zone (that only changes how times are shown).</source>
        <translation>截止时间按%1计算，与店铺时区无关（店铺时区只改变时间的显示方式）。</translation>
    </message>
    <message>
        <source>Region promise: %1 · source: %2</source>
        <translation>该地区的发货承诺：%1 · 来源：%2</translation>
    </message>
    <message>
        <source>Holidays skipped (calendar %1): %2 days, %3 to %4 · source: %5</source>
        <translation>不计入工作日的节假日（日历 %1）：%2 天，%3 至 %4 · 来源：%5</translation>
    </message>
    <message>
        <source>No holiday calendar for %1 here: weekends only</source>
        <translation>此处没有 %1 的节假日日历：只跳过周末</translation>
    </message>
    <message>
        <source>A product title with %1 holds the promise to %2 h · source: %3</source>
        <translation>商品标题含 %1 时按 %2 小时发货考核 · 来源：%3</translation>
    </message>
    <message>
        <source>Assumptions (the rule texts do not say): %1</source>
        <translation>推定（规则原文未写明）：%1</translation>
    </message>
    <message>
        <source>Product ban: daily late rate at least</source>
        <translation>商品封禁：当日超时率不低于</translation>
    </message>
    <message>
        <source>Product ban: late orders in a day at least</source>
        <translation>商品封禁：当日超时单数不少于</translation>
    </message>
    <message>
        <source>Product ban: days</source>
        <translation>商品封禁：天数</translation>
    </message>
    <message>
        <source>Order cap: late rate at least (days running)</source>
        <translation>限制接单：连续多日超时率不低于</translation>
    </message>
    <message>
        <source>Order cap: late orders in a day at least</source>
        <translation>限制接单：当日超时单数不少于</translation>
    </message>
    <message>
        <source>Order cap: days running</source>
        <translation>限制接单：连续天数</translation>
    </message>
    <message>
        <source>Order cap: orders allowed per day</source>
        <translation>限制接单：每日可接单数</translation>
    </message>
    <message>
        <source>Order cap: days</source>
        <translation>限制接单：天数</translation>
    </message>
    <message>
        <source>Orders stopped: late rate in one day at least</source>
        <translation>停止接单：单日超时率不低于</translation>
    </message>
    <message>
        <source>Orders stopped: late orders in one day at least</source>
        <translation>停止接单：单日超时单数不少于</translation>
    </message>
    <message>
        <source>Orders stopped: days</source>
        <translation>停止接单：天数</translation>
    </message>
    <message>
        <source>Stock-out violation: share of the day&apos;s orders above</source>
        <translation>缺货违规：占当日订单比例超过</translation>
    </message>
    <message>
        <source>Stock-out violation: orders in a day at least</source>
        <translation>缺货违规：当日单数不少于</translation>
    </message>
    <message>
        <source>Unshipped orders closed and refunded after (days)</source>
        <translation>未发货订单自动关闭退款（天）</translation>
    </message>
    <message>
        <source>Cap per buyer per day (¥)</source>
        <translation>同一买家每日赔付上限（¥）</translation>
    </message>
    <message>
        <source>Cap per buyer per day, special cases (¥)</source>
        <translation>同一买家每日赔付上限，特殊情形（¥）</translation>
    </message>
    <message>
        <source>Negotiation cards per order</source>
        <translation>每单协商卡片数</translation>
    </message>
    <message>
        <source>Buyer confirms a negotiation within (hours)</source>
        <translation>买家确认协商时限（小时）</translation>
    </message>
    <message>
        <source>Late dispatch rate to stay under</source>
        <translation>迟发率须低于</translation>
    </message>
    <message>
        <source>Late dispatch rate enforced above</source>
        <translation>迟发率超过即处罚</translation>
    </message>
    <message>
        <source>Auto-cancelled after (business days)</source>
        <translation>自动取消（工作日）</translation>
    </message>
    <message>
        <source>promise ≤ %1 h</source>
        <translation>承诺 ≤ %1 小时</translation>
    </message>
    <message>
        <source>late ≤ %1 h</source>
        <translation>超时 ≤ %1 小时</translation>
    </message>
    <message>
        <source>paid &lt; ¥%1</source>
        <translation>实付 &lt; ¥%1</translation>
    </message>
    <message>
        <source>otherwise</source>
        <translation>其他情况</translation>
    </message>
    <message>
        <source>whole yuan</source>
        <translation>取整到元</translation>
    </message>
    <message>
        <source>to 0.1 yuan</source>
        <translation>取整到角</translation>
    </message>
    <message>
        <source>to the fen</source>
        <translation>精确到分</translation>
    </message>
    <message>
        <source>Whole yuan as the rule says; rounding half up is an assumption</source>
        <translation>按规则取整到元；四舍五入为推定</translation>
    </message>
    <message>
        <source>An assumption: the rule text does not say how amounts are rounded</source>
        <translation>推定：规则原文未写明金额如何取整</translation>
    </message>
    <message>
        <source>paid excl. postage</source>
        <translation>实付金额（不含运费）</translation>
    </message>
    <message>
        <source>amount paid</source>
        <translation>实付金额</translation>
    </message>
    <message>
        <source> → the stock-out charge itself, counted once</source>
        <translation> → 即缺货扣款，只计一次</translation>
    </message>
    <message>
        <source>Fixed yuan per order</source>
        <translation>每单固定金额（元）</translation>
    </message>
    <message>
        <source>Percent of the %1</source>
        <translation>按%1的百分比</translation>
    </message>
    <message>
        <source> (assumed)</source>
        <translation>（推定）</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>已核实</translation>
    </message>
    <message>
        <source>unverified</source>
        <translation>未核实</translation>
    </message>
    <message>
        <source>Changed by you; the platform&apos;s number is %1</source>
        <translation>已由您修改；平台规则为 %1</translation>
    </message>
    <message>
        <source>The platform&apos;s number (double-click to change)</source>
        <translation>平台规则数值（双击修改）</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>已核实</translation>
    </message>
    <message>
        <source>unverified: check the rule centre by hand</source>
        <translation>未核实：请到平台规则中心人工确认</translation>
    </message>
    <message>
        <source>Effective from</source>
        <translation>生效日期</translation>
    </message>
</context>
<context>
    <name>PrepareDialog</name>
    <message>
        <source>To prepare</source>
        <translation>待备货</translation>
    </message>
    <message>
        <source>Units your open orders need, per SKU, ordered by the earliest ship-by deadline among them. “Short” is what on-hand cannot cover.</source>
        <translation>未发货订单需要的数量，按 SKU 汇总，最早的发货截止时间排在前面。“缺口”是在库不够的数量。</translation>
    </message>
    <message>
        <source>Earliest ship-by</source>
        <translation>最早发货截止</translation>
    </message>
    <message>
        <source>SKU code</source>
        <translation>商家编码</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Spec</source>
        <translation>规格</translation>
    </message>
    <message>
        <source>Needed</source>
        <translation>需要</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单数</translation>
    </message>
    <message>
        <source>On hand</source>
        <translation>在库</translation>
    </message>
    <message>
        <source>Short</source>
        <translation>缺口</translation>
    </message>
    <message>
        <source>paid %1</source>
        <translation>付款 %1</translation>
    </message>
    <message>
        <source>Deadline already passed</source>
        <translation>已过发货截止时间</translation>
    </message>
    <message>
        <source>No open order is waiting for stock.</source>
        <translation>没有等待备货的未发货订单。</translation>
    </message>
    <message>
        <source>Copy list</source>
        <translation>复制清单</translation>
    </message>
</context>
<context>
    <name>PurchaseDialog</name>
    <message>
        <source>Purchases and goods received</source>
        <translation>采购与到货</translation>
    </message>
    <message>
        <source>Open purchases (incoming)</source>
        <translation>未到货采购（在途）</translation>
    </message>
    <message>
        <source>SKU code</source>
        <translation>商家编码</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Ordered</source>
        <translation>采购数量</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation>供应商</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>预计到货</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>实到数量</translation>
    </message>
    <message>
        <source>No open purchases. Add one below when you order goods.</source>
        <translation>没有在途采购。下单采购后在下方添加。</translation>
    </message>
    <message>
        <source>Edit “Received” if fewer arrived than ordered.</source>
        <translation>实际到货少于采购数量时，请修改“实到数量”。</translation>
    </message>
    <message>
        <source>Receive selected into stock</source>
        <translation>选中的采购到货入库</translation>
    </message>
    <message>
        <source>Cancel purchase</source>
        <translation>取消采购</translation>
    </message>
    <message>
        <source>New purchase</source>
        <translation>新增采购</translation>
    </message>
    <message>
        <source>Already arrived: book it into stock now</source>
        <translation>已到货：现在直接入库</translation>
    </message>
    <message>
        <source>Add purchase</source>
        <translation>添加采购</translation>
    </message>
    <message>
        <source>Order every suggestion…</source>
        <translation>按建议全部采购…</translation>
    </message>
    <message>
        <source>One purchase per SKU with a suggested order, from its supplier, expected after its lead time</source>
        <translation>每个需补货的 SKU 按建议数量生成一笔采购，供应商取 SKU 资料，预计到货日按采购周期计算</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Expected arrival</source>
        <translation>预计到货日期</translation>
    </message>
    <message>
        <source>No order suggested for this SKU right now.</source>
        <translation>这个 SKU 目前不需要补货。</translation>
    </message>
    <message>
        <source>No SKU needs ordering right now.</source>
        <translation>目前没有需要补货的 SKU。</translation>
    </message>
    <message>
        <source>Create %1 purchases for %2 units in total?</source>
        <translation>生成 %1 笔采购，共 %2 件？</translation>
    </message>
    <message>
        <source>Select the purchases that arrived.</source>
        <translation>请选中已到货的采购。</translation>
    </message>
    <message>
        <source>“Received” must be a whole number (row %1).</source>
        <translation>“实到数量”必须是整数（第 %1 行）。</translation>
    </message>
    <message>
        <source>Cancel %1 purchase(s)? They no longer count as incoming.</source>
        <translation>取消 %1 笔采购？取消后不再计入在途。</translation>
    </message>
</context>
<context>
    <name>RiskFreshness</name>
    <message>
        <source>export imported %1</source>
        <translation>%1 导入的导出文件</translation>
    </message>
    <message>
        <source>Not in the newest export (imported %1): it may have shipped or been cancelled since; check it in the shop back office</source>
        <translation>不在最新的导出文件中（%1 导入）：之后可能已发货或已取消，请到店铺后台核对</translation>
    </message>
    <message>
        <source>This order&apos;s state is from that export (%1); it may have shipped or changed since: export again to be sure</source>
        <translation>此订单的状态来自这份导出文件（%1），之后可能已发货或有变化，请重新导出确认</translation>
    </message>
</context>
<context>
    <name>RiskTab</name>
    <message>
        <source>Overdue</source>
        <translation>已超时</translation>
    </message>
    <message>
        <source>Due within 6 h</source>
        <translation>6小时内到期</translation>
    </message>
    <message>
        <source>Stock-short orders</source>
        <translation>缺货订单</translation>
    </message>
    <message>
        <source>Estimated deductions at stake</source>
        <translation>预计扣款</translation>
    </message>
    <message>
        <source>Click to show overdue orders only</source>
        <translation>点击只看已超时订单</translation>
    </message>
    <message>
        <source>Click to show orders that stock cannot cover only</source>
        <translation>点击只看库存不足的订单</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <source>Ship by %1</source>
        <translation>发货截止 %1</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>风险</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>Order ID</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <source>short %1</source>
        <translation>缺 %1 件</translation>
    </message>
    <message>
        <source>covered</source>
        <translation>有货</translation>
    </message>
    <message>
        <source>Penalty</source>
        <translation>预计扣款</translation>
    </message>
    <message>
        <source>Shop rate</source>
        <translation>店铺指标</translation>
    </message>
    <message>
        <source>Buyer</source>
        <translation>买家</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Affects rate</source>
        <translation>影响迟发率</translation>
    </message>
    <message>
        <source>Shipped late, this order takes the shop&apos;s late-dispatch rate over the platform&apos;s line (see Shop health)</source>
        <translation>这单如果迟发，店铺迟发率就会超过平台红线（见“店铺健康”）</translation>
    </message>
    <message>
        <source>Already past its deadline: it counts as a late dispatch in the shop&apos;s rate whatever happens (see Shop health)</source>
        <translation>已过发货截止时间：无论何时发出，都会计入店铺迟发率（见“店铺健康”）</translation>
    </message>
    <message>
        <source>Most the platform will deduct if nothing more is done, each charge counted once: %1</source>
        <translation>若不再处理，平台最多扣款（每笔只计一次）：%1</translation>
    </message>
    <message>
        <source>If shipped late: %1 · if it becomes a stock-out case: %2</source>
        <translation>超时发货：%1 · 若按缺货处理：%2</translation>
    </message>
    <message>
        <source>* Estimate from an unverified rule</source>
        <translation>* 按未核实的规则估算</translation>
    </message>
    <message>
        <source>unverified rule</source>
        <translation>规则未核实</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Stock-out rule: %1</source>
        <translation>缺货规则：%1</translation>
    </message>
    <message>
        <source>At risk only</source>
        <translation>只看有风险</translation>
    </message>
    <message>
        <source>No orders yet. Import an order export from Douyin, Taobao, Pinduoduo, Kuaishou or TikTok.</source>
        <translation>还没有订单。导入抖店、淘宝、拼多多、快手或 TikTok 的订单导出文件。</translation>
    </message>
    <message>
        <source>Import orders…</source>
        <translation>导入订单…</translation>
    </message>
    <message>
        <source>All SKUs</source>
        <translation>全部SKU</translation>
    </message>
    <message>
        <source>Stock-short only</source>
        <translation>只看缺货</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Export the order-risk list to Excel (Ctrl+E)</source>
        <translation>将订单风险列表导出为 Excel（Ctrl+E）</translation>
    </message>
    <message>
        <source>Mark shipped</source>
        <translation>标记已发货</translation>
    </message>
    <message>
        <source>Mark picked up</source>
        <translation>标记已揽收</translation>
    </message>
    <message>
        <source>Add to contact queue</source>
        <translation>加入待联系</translation>
    </message>
    <message>
        <source>Copy order ID</source>
        <translation>复制订单号</translation>
    </message>
    <message>
        <source>Copy the reasons</source>
        <translation>复制风险原因</translation>
    </message>
    <message>
        <source>Show only this SKU</source>
        <translation>只看此SKU</translation>
    </message>
    <message>
        <source>Due within %1 h</source>
        <translation>%1小时内到期</translation>
    </message>
    <message>
        <source>Click to show orders due within %1 hours only</source>
        <translation>点击只看%1小时内到期的订单</translation>
    </message>
    <message>
        <source>%1 orders at risk: the platforms will deduct at most %2, each charge counted once (late-shipment charges %3, stock-out charges on short orders %4, before overlaps and caps). Click to show orders at risk only.</source>
        <translation>%1 个订单有风险：平台最多扣款 %2，每笔只计一次（发货超时扣款 %3、缺货订单的缺货扣款 %4，为去重和封顶前的数）。点击只看有风险的订单。</translation>
    </message>
    <message>
        <source>* %1 of them priced from unverified rules</source>
        <translation>* 其中 %1 个订单按未核实的规则估算</translation>
    </message>
    <message>
        <source>Most deducted, each charge once: %1</source>
        <translation>最多扣款（每笔只计一次）：%1</translation>
    </message>
    <message>
        <source>If shipped now</source>
        <translation>现在发货的扣款</translation>
    </message>
    <message>
        <source>If it ships late</source>
        <translation>若超时发货</translation>
    </message>
    <message>
        <source>Ship by</source>
        <translation>最晚发货</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>付款时间</translation>
    </message>
    <message>
        <source>Amount paid</source>
        <translation>实付金额</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>地区</translation>
    </message>
    <message>
        <source>Stock cover</source>
        <translation>库存</translation>
    </message>
    <message>
        <source>If out of stock</source>
        <translation>缺货的扣款</translation>
    </message>
    <message>
        <source>Most deducted</source>
        <translation>最多扣款</translation>
    </message>
    <message>
        <source>State from</source>
        <translation>数据来自</translation>
    </message>
    <message>
        <source>Stock-out rule</source>
        <translation>缺货规则</translation>
    </message>
    <message>
        <source>Stop-ship region</source>
        <translation>物流停发地区</translation>
    </message>
    <message>
        <source>Affects shop late rate</source>
        <translation>影响店铺迟发率</translation>
    </message>
    <message>
        <source>unverified rule: the amounts are estimates, check the platform rule centre</source>
        <translation>规则未核实：金额仅为估算，请以平台规则中心为准</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>RulesPage</name>
    <message>
        <source>(unverified)</source>
        <translation>（未核实）</translation>
    </message>
    <message>
        <source>Provinces or cities your carriers cannot deliver to right now (stop-ship regions). Orders to them are flagged. One per line.</source>
        <translation>快递当前无法送达的省份或城市（物流停发），发往这些地区的订单会被标出。每行一个。</translation>
    </message>
    <message>
        <source>e.g. 新疆维吾尔自治区
西藏
乌鲁木齐市</source>
        <translation>例如：新疆维吾尔自治区
西藏
乌鲁木齐市</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <source>Risk and stock</source>
        <translation>风险与库存</translation>
    </message>
    <message>
        <source>Reminders</source>
        <translation>提醒</translation>
    </message>
    <message>
        <source>Alert channels</source>
        <translation>推送渠道</translation>
    </message>
    <message>
        <source>Shared database</source>
        <translation>共享数据库</translation>
    </message>
    <message>
        <source>Platform rules</source>
        <translation>平台规则</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>%1: stored %2, using the default %3</source>
        <translation>%1：保存的是 %2，现在使用默认值 %3</translation>
    </message>
    <message>
        <source>Some saved settings could not be read and their defaults are used: %1. Press OK to save good values.</source>
        <translation>有些已保存的设置无法读取，现在使用默认值：%1。按“确定”保存正确的值。</translation>
    </message>
    <message>
        <source>How often you check stock and place purchase orders; the supplier&apos;s lead time is set per SKU</source>
        <translation>多久检查一次库存并下采购单；供应商的采购周期在每个 SKU 里设置</translation>
    </message>
    <message>
        <source>TikTok Shop does not publish the period its late-dispatch and cancellation rates are measured over; the shop-health panel uses this many days and says so</source>
        <translation>TikTok Shop 没有公布迟发率和取消率的考核周期；店铺健康页按这里的天数计算，并会注明这是假设</translation>
    </message>
    <message>
        <source>on</source>
        <translation>开启</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>The new database connection is used from the next start of ShopSentry on this computer.</source>
        <translation>新的数据库连接将在这台电脑下次启动店哨时生效。</translation>
    </message>
</context>
<context>
    <name>SharedDbPage</name>
    <message>
        <source>Who works on this computer</source>
        <translation>谁在用这台电脑</translation>
    </message>
    <message>
        <source>e.g. Wang</source>
        <translation>例如：小王</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>你的名字</translation>
    </message>
    <message>
        <source>Shown beside the contact tasks you claim and in every task&apos;s history.</source>
        <translation>会显示在你认领的联系任务旁，以及每条任务的记录里。</translation>
    </message>
    <message>
        <source>Shared database (PostgreSQL)</source>
        <translation>共享数据库（PostgreSQL）</translation>
    </message>
    <message>
        <source>A shop with several staff keeps its data on one PostgreSQL server; every computer connects to it and sees the same orders, tasks and alerts. Leave the address empty to keep the shop on this computer only.</source>
        <translation>有几位员工的店铺把数据放在一台 PostgreSQL 服务器上；每台电脑都连到它，看到同样的订单、任务和提醒。地址留空则店铺只保存在这台电脑上。</translation>
    </message>
    <message>
        <source>e.g. 192.168.1.5</source>
        <translation>例如：192.168.1.5</translation>
    </message>
    <message>
        <source>(stored in the system&apos;s credential store)</source>
        <translation>（已保存在系统凭据库中）</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>Copy this computer&apos;s shop to the server…</source>
        <translation>把本机店铺复制到服务器…</translation>
    </message>
    <message>
        <source>This computer uses the shared database.</source>
        <translation>这台电脑正在使用共享数据库。</translation>
    </message>
    <message>
        <source>This computer uses its own shop (the file in the data folder).</source>
        <translation>这台电脑使用自己的店铺（数据文件夹里的文件）。</translation>
    </message>
    <message>
        <source>Enter the server&apos;s address first.</source>
        <translation>请先填写服务器地址。</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>That did not work; details are in the log file.</source>
        <translation>没有成功，详情见日志文件。</translation>
    </message>
    <message>
        <source>Copy the shop</source>
        <translation>复制店铺</translation>
    </message>
    <message>
        <source>Copy this computer&apos;s whole shop (orders, stock, contact tasks, alerts, settings) into the server&apos;s empty database? This is done once, when the shop moves to the server.</source>
        <translation>把这台电脑上的整个店铺（订单、库存、联系任务、提醒、设置）复制到服务器上的空数据库？这只在店铺搬到服务器时做一次。</translation>
    </message>
    <message>
        <source>Copied: %1 orders, %2 SKUs. Click OK and restart ShopSentry on this computer to work on the server.</source>
        <translation>已复制：%1 个订单，%2 个商品。点“确定”后重新启动这台电脑上的店哨，即可在服务器上工作。</translation>
    </message>
</context>
<context>
    <name>SkuEditorDialog</name>
    <message>
        <source>SKUs</source>
        <translation>SKU 资料</translation>
    </message>
    <message>
        <source>Search SKU code or product</source>
        <translation>搜索商家编码或商品</translation>
    </message>
    <message>
        <source>New SKU…</source>
        <translation>新建 SKU…</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>SKU codes, comma separated, first offered first</source>
        <translation>商家编码，用逗号分隔，靠前的优先推荐</translation>
    </message>
    <message>
        <source>Only for a set: component codes, e.g. SS01-01×1, SS02-01×2</source>
        <translation>组合商品填：组件×数量，如 SS01-01×1, SS02-01×2</translation>
    </message>
    <message>
        <source>Active (inactive SKUs leave the stock list)</source>
        <translation>启用（停用的 SKU 不出现在库存列表）</translation>
    </message>
    <message>
        <source>SKU code</source>
        <translation>商家编码</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Spec</source>
        <translation>规格</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>成本价</translation>
    </message>
    <message>
        <source>Safety stock</source>
        <translation>安全库存</translation>
    </message>
    <message>
        <source>Lead time</source>
        <translation>采购周期</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation>供应商</translation>
    </message>
    <message>
        <source>Substitutes</source>
        <translation>替代品</translation>
    </message>
    <message>
        <source>Set of</source>
        <translation>组合构成</translation>
    </message>
    <message>
        <source>Platform aliases</source>
        <translation>平台编码对应</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source> (inactive)</source>
        <translation>（已停用）</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
</context>
<context>
    <name>SkuMappingDialog</name>
    <message>
        <source>Map order lines to SKUs</source>
        <translation>订单商品匹配 SKU</translation>
    </message>
    <message>
        <source>These order lines match no SKU code, so they count neither for stock nor for sales. Pick the SKU each one is; ShopSentry remembers it for later imports.</source>
        <translation>这些订单商品行没有匹配到商家编码，库存和销量都没有计入。请选择它们对应的 SKU，店哨会记住，以后导入自动匹配。</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>Platform SKU code</source>
        <translation>平台商家编码</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Spec</source>
        <translation>规格</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>行数</translation>
    </message>
    <message>
        <source>Open units</source>
        <translation>未发货件数</translation>
    </message>
    <message>
        <source>Every order line is matched to a SKU.</source>
        <translation>所有订单商品行都已对应到 SKU。</translation>
    </message>
    <message>
        <source>Is SKU</source>
        <translation>对应 SKU</translation>
    </message>
    <message>
        <source>on every platform</source>
        <translation>所有平台通用</translation>
    </message>
    <message>
        <source>Use this mapping for the same code or product on all platforms</source>
        <translation>其他平台相同的编码或商品也按此对应</translation>
    </message>
    <message>
        <source>Map selected</source>
        <translation>匹配选中行</translation>
    </message>
    <message>
        <source>Select one or more rows and the SKU they are.</source>
        <translation>请选中订单商品行，并选择对应的 SKU。</translation>
    </message>
    <message>
        <source>%1 order lines mapped.</source>
        <translation>已匹配 %1 个订单商品行。</translation>
    </message>
</context>
<context>
    <name>StaffNameDialog</name>
    <message>
        <source>Who works on this computer</source>
        <translation>谁在用这台电脑</translation>
    </message>
    <message>
        <source>Several computers share this shop. Type your name once: it is shown beside the contact tasks you claim and in every task&apos;s history, and your alerts, acknowledgements and daily digest stay your own.</source>
        <translation>这家店由几台电脑共用。请填一次你的名字：它会显示在你认领的联系任务旁和每条任务的记录里，你的提醒、已读和每日摘要也都只算你自己的。</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>你的名字</translation>
    </message>
    <message>
        <source>e.g. Wang</source>
        <translation>例如：小王</translation>
    </message>
    <message>
        <source>You can change it later in Settings → Shared database.</source>
        <translation>以后可以在 设置 → 共享数据库 中修改。</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>以后再说</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>ShopSentry cannot start</source>
        <translation>店哨无法启动</translation>
    </message>
    <message>
        <source>ShopSentry cannot use its data folder %1 (%2). Check that the drive is connected and writable, or start ShopSentry with --data-dir pointing to another folder.</source>
        <translation>店哨无法使用数据文件夹 %1（%2）。请检查磁盘是否已连接且可写入，或用 --data-dir 指定另一个文件夹启动店哨。</translation>
    </message>
    <message>
        <source>This shop&apos;s database was upgraded by a newer ShopSentry. Please install the newer ShopSentry on this computer too; nothing was changed.</source>
        <translation>这个店铺的数据库已被更新版本的店哨升级。请在这台电脑上也安装新版店哨；没有做任何改动。</translation>
    </message>
    <message>
        <source>ShopSentry could not update your database to this version. Nothing was lost: the database was put back exactly as it was before the update, from the copy %1.</source>
        <translation>店哨无法把数据库升级到当前版本。数据没有丢失：数据库已用升级前备份的副本 %1 恢复原样。</translation>
    </message>
    <message>
        <source>ShopSentry could not set up its database. Nothing was changed; it will try again the next time it starts.</source>
        <translation>店哨无法建立数据库。没有做任何改动，下次启动时会再试一次。</translation>
    </message>
    <message>
        <source>ShopSentry could not open its database %1. The file may be damaged or in use by another program. Copies taken before each update are in %2.</source>
        <translation>店哨无法打开数据库 %1。文件可能已损坏，或正被其他程序占用。每次升级前的备份在 %2。</translation>
    </message>
    <message>
        <source>The details are in the log file: %1</source>
        <translation>详细信息已写入日志文件：%1</translation>
    </message>
    <message>
        <source>Welcome to ShopSentry</source>
        <translation>欢迎使用店哨</translation>
    </message>
    <message>
        <source>Your shop is still empty. Would you like to look around a demo shop first? It has orders about to ship late, SKUs selling out and buyers waiting for a message, so every tab shows what ShopSentry does.</source>
        <translation>您的店铺还是空的。要不要先看看演示店铺？里面有快要超时的订单、即将卖断的 SKU 和等待联系的买家，每个页面都能看到店哨能做什么。</translation>
    </message>
    <message>
        <source>Your own order exports can be imported at any time: File → Import… (Ctrl+O), or drop the files onto the window.</source>
        <translation>随时可以导入您自己的订单导出文件：文件 → 导入…（Ctrl+O），或把文件拖到窗口上。</translation>
    </message>
    <message>
        <source>Show the demo shop</source>
        <translation>看看演示店铺</translation>
    </message>
    <message>
        <source>Import my own files…</source>
        <translation>导入我自己的文件…</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>以后再说</translation>
    </message>
</context>
<context>
    <name>StockChart</name>
    <message>
        <source>On hand</source>
        <translation>在库</translation>
    </message>
    <message>
        <source>Projected available</source>
        <translation>预计可用</translation>
    </message>
    <message>
        <source>Reorder point</source>
        <translation>补货点</translation>
    </message>
</context>
<context>
    <name>StocktakeDialog</name>
    <message>
        <source>Stocktake</source>
        <translation>盘点</translation>
    </message>
    <message>
        <source>Type the quantity you counted on the shelf. Rows left empty are not changed. The difference is booked as a stocktake movement with your reason.</source>
        <translation>填写货架上实际清点的数量，留空的行不变。差异会作为盘点流水记账，并记下原因。</translation>
    </message>
    <message>
        <source>Search SKU code or product</source>
        <translation>搜索商家编码或商品</translation>
    </message>
    <message>
        <source>SKU code</source>
        <translation>商家编码</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Spec</source>
        <translation>规格</translation>
    </message>
    <message>
        <source>System on hand</source>
        <translation>系统在库</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>实盘数量</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>差异</translation>
    </message>
    <message>
        <source>Optional, e.g. who counted</source>
        <translation>选填，例如盘点人</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Confirm stocktake</source>
        <translation>确认盘点</translation>
    </message>
    <message>
        <source>not a number</source>
        <translation>不是数字</translation>
    </message>
    <message>
        <source>%1 counted · %2 differ · +%3 / −%4 units</source>
        <translation>已盘 %1 个 · 有差异 %2 个 · 盘盈 %3 件 / 盘亏 %4 件</translation>
    </message>
    <message>
        <source>Counts must be whole numbers of 0 or more. Check: %1</source>
        <translation>盘点数量必须是 0 或正整数。请检查：%1</translation>
    </message>
    <message>
        <source>Please give a reason for the stocktake.</source>
        <translation>请填写盘点原因。</translation>
    </message>
    <message>
        <source>Book these counts as the new on-hand (reason: %1)?</source>
        <translation>按实盘数量更新在库吗？（原因：%1）</translation>
    </message>
</context>
<context>
    <name>TableTab</name>
    <message>
        <source>Search (Ctrl+F)</source>
        <translation>搜索（Ctrl+F）</translation>
    </message>
    <message>
        <source>All platforms</source>
        <translation>全部平台</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>At risk only</source>
        <translation>只看有风险</translation>
    </message>
    <message>
        <source>Nothing here yet.</source>
        <translation>这里还没有内容。</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>All clear: no open order needs attention right now.</source>
        <translation>一切正常：目前没有需要处理的待发货订单。</translation>
    </message>
    <message>
        <source>No rows match the search and filters.</source>
        <translation>没有符合搜索和筛选条件的记录。</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <source>Or look around a demo shop first</source>
        <translation>或者先看看演示店铺</translation>
    </message>
    <message>
        <source>Import newer orders…</source>
        <translation>导入最新订单…</translation>
    </message>
    <message>
        <source>Select a row to see its details.</source>
        <translation>选中一行查看详情。</translation>
    </message>
</context>
<context>
    <name>TemplateDialog</name>
    <message>
        <source>Message templates</source>
        <translation>话术模板</translation>
    </message>
    <message>
        <source>%1 (edited)</source>
        <translation>%1（已修改）</translation>
    </message>
    <message>
        <source>All platforms</source>
        <translation>全部平台</translation>
    </message>
    <message>
        <source>Back to the shipped wording</source>
        <translation>恢复默认话术</translation>
    </message>
    <message>
        <source>Insert {%1} at the cursor</source>
        <translation>在光标处插入 {%1}</translation>
    </message>
    <message>
        <source>Filled into {compensation} unless you pick another for an order</source>
        <translation>填入 {compensation}，除非您为某个订单另选</translation>
    </message>
    <message>
        <source>Wording for</source>
        <translation>话术适用于</translation>
    </message>
    <message>
        <source>Preview with an example order</source>
        <translation>示例订单预览</translation>
    </message>
    <message>
        <source>Default compensation</source>
        <translation>默认补偿</translation>
    </message>
    <message>
        <source>Buyer</source>
        <translation>买家</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Spec</source>
        <translation>规格</translation>
    </message>
    <message>
        <source>Order ID</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>New date</source>
        <translation>新日期</translation>
    </message>
    <message>
        <source>Compensation</source>
        <translation>补偿</translation>
    </message>
    <message>
        <source>Substitute</source>
        <translation>替代款</translation>
    </message>
    <message>
        <source>Greeting</source>
        <translation>称呼</translation>
    </message>
    <message>
        <source>Closing line</source>
        <translation>结束语</translation>
    </message>
    <message>
        <source>The text is empty.</source>
        <translation>内容为空。</translation>
    </message>
    <message>
        <source>Unknown placeholder: %1</source>
        <translation>未知占位符：%1</translation>
    </message>
    <message>
        <source>A { or } without a placeholder name in it.</source>
        <translation>有单独的 { 或 }，里面没有占位符名称。</translation>
    </message>
    <message>
        <source>Used for every platform without its own wording</source>
        <translation>用于所有没有专属话术的平台</translation>
    </message>
    <message>
        <source>Own wording for %1</source>
        <translation>%1 使用专属话术</translation>
    </message>
    <message>
        <source>Uses the all-platforms wording; edit to give %1 its own</source>
        <translation>使用通用话术；修改后即为%1的专属话术</translation>
    </message>
    <message>
        <source>Fix the text to see the preview.</source>
        <translation>请先修正文字，才能预览。</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Check now</source>
        <translation>立即检查</translation>
    </message>
    <message>
        <source>Pause reminders for 1 hour</source>
        <translation>暂停提醒 1 小时</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>ShopSentry</source>
        <translation>店哨</translation>
    </message>
    <message>
        <source>ShopSentry — %1 open alerts</source>
        <translation>店哨 — %1 条未处理提醒</translation>
    </message>
    <message>
        <source>Notifications paused until %1</source>
        <translation>提醒已暂停至 %1</translation>
    </message>
    <message>
        <source>Resume reminders (paused until %1)</source>
        <translation>恢复提醒（已暂停至 %1）</translation>
    </message>
</context>
<context>
    <name>Unreachable</name>
    <message>
        <source>ShopSentry</source>
        <translation>店哨</translation>
    </message>
    <message>
        <source>The shop&apos;s shared database (%1) does not answer.</source>
        <translation>店铺的共享数据库（%1）没有应答。</translation>
    </message>
    <message>
        <source>Try again once the server is back, or open this computer&apos;s own shop for now (it holds what was on this computer before the shop moved to the server).</source>
        <translation>等服务器恢复后再试一次，或先打开这台电脑自己的店铺（里面是店铺搬到服务器之前这台电脑上的数据）。</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Open this computer&apos;s shop</source>
        <translation>打开本机店铺</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
</context>
<context>
    <name>WatchSettingsPage</name>
    <message>
        <source>New order exports and stock sheets saved into these folders are imported automatically while ShopSentry runs. Files stay where they are; files that are not exports are left alone.</source>
        <translation>店哨运行时，保存到这些文件夹的新订单导出和库存表会自动导入。文件留在原处；不是导出文件的文件不会被处理。</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>No folder is watched: import exports by hand (Ctrl+O).</source>
        <translation>没有监视任何文件夹：请手动导入导出文件（Ctrl+O）。</translation>
    </message>
    <message>
        <source>By default ShopSentry watches this computer&apos;s download folder, where the browser saves the exports you download.</source>
        <translation>店哨默认监视本机的下载文件夹，也就是浏览器保存您下载的导出文件的地方。</translation>
    </message>
    <message>
        <source>Orders paid after the last export are not in the lists; past this age the risk tab and a reminder ask you to export again</source>
        <translation>上次导出之后付款的订单不在列表中；超过这个时间，订单风险页和提醒会请您重新导出</translation>
    </message>
    <message>
        <source>Folder to watch for new exports</source>
        <translation>选择要监视新导出文件的文件夹</translation>
    </message>
</context>
<context>
    <name>alerts</name>
    <message>
        <source>Overdue</source>
        <translation>已超时</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>预警</translation>
    </message>
    <message>
        <source>Oversold</source>
        <translation>超卖</translation>
    </message>
    <message>
        <source>Out of stock</source>
        <translation>无货</translation>
    </message>
    <message>
        <source>Low stock</source>
        <translation>警戒</translation>
    </message>
    <message>
        <source>Not picked up</source>
        <translation>未揽收</translation>
    </message>
    <message>
        <source>Pickup due</source>
        <translation>待揽收</translation>
    </message>
    <message>
        <source>Follow up</source>
        <translation>待跟进</translation>
    </message>
    <message>
        <source>Escalate</source>
        <translation>升级</translation>
    </message>
    <message>
        <source>Data old</source>
        <translation>数据过时</translation>
    </message>
    <message>
        <source>Export now</source>
        <translation>请导出</translation>
    </message>
    <message>
        <source>Incident</source>
        <translation>异常事件</translation>
    </message>
</context>
<context>
    <name>fmt</name>
    <message>
        <source>%1d %2h</source>
        <translation>%1天%2小时</translation>
    </message>
    <message>
        <source>%1h %2m</source>
        <translation>%1小时%2分</translation>
    </message>
    <message>
        <source>%1m</source>
        <translation>%1分钟</translation>
    </message>
    <message>
        <source>overdue %1</source>
        <translation>已超时 %1</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>剩 %1</translation>
    </message>
</context>
<context>
    <name>inventory</name>
    <message>
        <source>Loading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>Something went wrong: %1
Details are in the log file.</source>
        <translation>出错了：%1
详细信息已写入日志文件。</translation>
    </message>
</context>
<context>
    <name>startup</name>
    <message>
        <source>A platform rule table is broken and must be fixed before ShopSentry can check orders:</source>
        <translation>平台规则表有错误，需修正后店哨才能检查订单：</translation>
    </message>
</context>
</TS>
