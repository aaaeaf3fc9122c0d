<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ContactTab</name>
    <message>
        <source>To contact</source>
        <translation>待联系</translation>
    </message>
    <message>
        <source>Awaiting reply</source>
        <translation>待回复</translation>
    </message>
    <message>
        <source>Resolved today</source>
        <translation>今日已解决</translation>
    </message>
    <message>
        <source>To do</source>
        <translation>待联系</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <source>Replied</source>
        <translation>已回复</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已超时</translation>
    </message>
    <message>
        <source>Due soon</source>
        <translation>即将超时</translation>
    </message>
    <message>
        <source>Out of stock</source>
        <translation>缺货</translation>
    </message>
    <message>
        <source>Stop-ship region</source>
        <translation>物流停发地区</translation>
    </message>
    <message>
        <source>Added by hand</source>
        <translation>手动添加</translation>
    </message>
    <message>
        <source>Presale</source>
        <translation>预售</translation>
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
        <source>Reason</source>
        <translation>原因</translation>
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
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Template</source>
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
        <source>No buyer needs contacting. Orders that will ship late or are out of stock appear here with the message already written.</source>
        <translation>暂时没有需要联系的买家。将要超时或缺货的订单会出现在这里，并附上写好的话术。</translation>
    </message>
    <message>
        <source>Import orders…</source>
        <translation>导入订单…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Message (edit, then copy into the platform chat)</source>
        <translation>话术（可修改，再复制到平台客服聊天）</translation>
    </message>
    <message>
        <source>Copy message</source>
        <translation>复制话术</translation>
    </message>
    <message>
        <source>Copy all for this SKU</source>
        <translation>复制该 SKU 全部话术</translation>
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
        <source>Resolve</source>
        <translation>标记已解决</translation>
    </message>
    <message>
        <source>This buyer before</source>
        <translation>该买家以往记录</translation>
    </message>
    <message>
        <source>No earlier orders or contacts.</source>
        <translation>没有更早的订单或联系记录。</translation>
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
        <translation>店哨遇到了问题</translation>
    </message>
    <message>
        <source>Something unexpected happened. Your data is safe; the last action may not have finished.</source>
        <translation>发生了意外错误。你的数据是安全的，但刚才的操作可能没有完成。</translation>
    </message>
    <message>
        <source>The details were written to the log file:
%1</source>
        <translation>详细信息已写入日志文件：
%1</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>复制详细信息</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
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
        <source>Import finished</source>
        <translation>导入完成</translation>
    </message>
    <message>
        <source>Nothing from a rejected file was imported. Fix these cells and import the file again:</source>
        <translation>被拒绝的文件没有导入任何内容。请改正以下单元格后重新导入：</translation>
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
        <source>Out</source>
        <translation>无货</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>警戒</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>SKU code</source>
        <translation>商家编码</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品名称</translation>
    </message>
    <message>
        <source>Spec</source>
        <translation>规格</translation>
    </message>
    <message>
        <source>On hand</source>
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
        <source>Daily sales</source>
        <translation>日均销量</translation>
    </message>
    <message>
        <source>Days of cover</source>
        <translation>可售天数</translation>
    </message>
    <message>
        <source>Reorder point</source>
        <translation>补货点</translation>
    </message>
    <message>
        <source>Suggested order</source>
        <translation>建议补货</translation>
    </message>
    <message>
        <source>Stock-out date</source>
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
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
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
        <source>Alert centre</source>
        <translation>提醒中心</translation>
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
        <source>E&amp;xit</source>
        <translation>退出(&amp;X)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <source>Last import: %1</source>
        <translation>上次导入：%1</translation>
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
        <source>Something went wrong: %1
Details are in the log file.</source>
        <translation>出错了：%1
详细信息已写入日志文件。</translation>
    </message>
    <message>
        <source>Copied the messages for every open order of this SKU</source>
        <translation>已复制该 SKU 所有未解决订单的话术</translation>
    </message>
    <message>
        <source>Import order exports or a stock sheet</source>
        <translation>导入订单导出文件或库存表</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
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
    <message>
        <source>Welcome to ShopSentry</source>
        <translation>欢迎使用店哨</translation>
    </message>
    <message>
        <source>Your shop is empty. Load a demo shop to see how ShopSentry works? You can import your own exports at any time (File → Import).</source>
        <translation>店铺里还没有数据。要加载一个演示店铺，看看店哨怎么用吗？你随时可以导入自己的订单导出文件（文件 → 导入）。</translation>
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
        <source>%1 h after payment</source>
        <translation>付款后 %1 小时</translation>
    </message>
    <message>
        <source>%1 business days after payment</source>
        <translation>付款后 %1 个工作日</translation>
    </message>
    <message>
        <source>same day if paid before %1, else the next day</source>
        <translation>%1 前付款当天发，之后次日发</translation>
    </message>
    <message>
        <source>by the end of the day after payment</source>
        <translation>付款次日 23:59:59 前</translation>
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
        <source>paid excl. postage</source>
        <translation>实付金额（不含运费）</translation>
    </message>
    <message>
        <source>amount paid</source>
        <translation>实付金额</translation>
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
        <source>Critical</source>
        <translation>紧急</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>预警</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>正常</translation>
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
        <source>Stock cover</source>
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
        <source>Est. deduction</source>
        <translation>预计扣款</translation>
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
        <source>If shipped late: %1 · if it becomes a stock-out case: %2</source>
        <translation>超时发货：%1 · 若按缺货处理：%2</translation>
    </message>
    <message>
        <source>Estimate from an unverified rule</source>
        <translation>按未核实的规则估算</translation>
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
        <source>%1 orders at risk. Late-shipment deductions %2; stock-out deductions on short orders %3. Click to show orders at risk only.</source>
        <translation>有风险订单 %1 单。超时发货扣款 %2；缺货订单的缺货扣款 %3。点击只看有风险的订单。</translation>
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
        <source>If out of stock</source>
        <translation>缺货的扣款</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>unverified rule</source>
        <translation>规则未核实</translation>
    </message>
    <message>
        <source>Stop-ship region</source>
        <translation>物流停发地区</translation>
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
        <source>Rule tables</source>
        <translation>规则表</translation>
    </message>
    <message>
        <source>Platform pauses</source>
        <translation>平台暂停期</translation>
    </message>
    <message>
        <source>Provinces or cities your carriers cannot deliver to right now (物流停发). Orders to them are flagged. One per line.</source>
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
    <message>
        <source>Stop-ship regions</source>
        <translation>物流停发地区</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Shop time zone</source>
        <translation>店铺时区</translation>
    </message>
    <message>
        <source>Language (after restart)</source>
        <translation>界面语言（重启后生效）</translation>
    </message>
    <message>
        <source>Keep running in the tray when the window is closed</source>
        <translation>关闭窗口后在托盘中继续运行</translation>
    </message>
    <message>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <source>Critical within (hours)</source>
        <translation>紧急：剩余不足（小时）</translation>
    </message>
    <message>
        <source>Warning within (hours)</source>
        <translation>预警：剩余不足（小时）</translation>
    </message>
    <message>
        <source>Sales velocity window (days)</source>
        <translation>日均销量统计天数</translation>
    </message>
    <message>
        <source>Review period for reorders (days)</source>
        <translation>补货周期（天）</translation>
    </message>
    <message>
        <source>Risk and stock</source>
        <translation>风险与库存</translation>
    </message>
    <message>
        <source>Check every (minutes)</source>
        <translation>检查间隔（分钟）</translation>
    </message>
    <message>
        <source>Follow up when no reply after (hours)</source>
        <translation>未回复多久后跟进（小时）</translation>
    </message>
    <message>
        <source>Quiet hours from</source>
        <translation>免打扰开始</translation>
    </message>
    <message>
        <source>Quiet hours until</source>
        <translation>免打扰结束</translation>
    </message>
    <message>
        <source>Daily digest at</source>
        <translation>每日汇总时间</translation>
    </message>
    <message>
        <source>Reminders</source>
        <translation>提醒</translation>
    </message>
    <message>
        <source>Platform rules</source>
        <translation>平台规则</translation>
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
        <source>Select a row to see its details.</source>
        <translation>选中一行查看详情。</translation>
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
    <name>platform</name>
    <message>
        <source>Douyin</source>
        <translation>抖店</translation>
    </message>
    <message>
        <source>Taobao</source>
        <translation>淘宝</translation>
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
</context>
<context>
    <name>startup</name>
    <message>
        <source>A platform rule table is broken and must be fixed before ShopSentry can check orders:</source>
        <translation>平台规则表有错误，需修正后店哨才能检查订单：</translation>
    </message>
</context>
</TS>
