<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
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
        <source>Save and import</source>
        <translation>保存并导入</translation>
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
        <translation>停发地区</translation>
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
        <source>Platform</source>
        <translation>平台</translation>
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
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>正在导入 %1…</translation>
    </message>
    <message>
        <source>The import failed: %1</source>
        <translation>导入失败：%1</translation>
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
        <source>Stock sheet</source>
        <translation>库存表</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
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
        <source>Estimated deductions</source>
        <translation>预计扣款</translation>
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
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Buyer</source>
        <translation>买家</translation>
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
        <source>Ship by</source>
        <translation>最晚发货</translation>
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
        <source>Stock-short only</source>
        <translation>只看缺货</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
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
        <source>unverified rule</source>
        <translation>规则未核实</translation>
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
        <source>If shipped now</source>
        <translation>现在发货的扣款</translation>
    </message>
    <message>
        <source>If out of stock</source>
        <translation>缺货的扣款</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
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
        <source>One province or city per line, e.g. 新疆维吾尔自治区</source>
        <translation>每行一个省份或城市，例如 新疆维吾尔自治区</translation>
    </message>
    <message>
        <source>Stop-ship regions</source>
        <translation>停发地区</translation>
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
        <source>Platform rules in use (estimates; unverified rules are marked). Override numbers as JSON: {&quot;douyin&quot;: {&quot;key&quot;: value}}.</source>
        <translation>当前使用的平台规则（均为估算，未核实的规则已标出）。可用 JSON 覆盖数值：{&quot;douyin&quot;: {&quot;key&quot;: value}}。</translation>
    </message>
    <message>
        <source>Platform rules</source>
        <translation>平台规则</translation>
    </message>
    <message>
        <source>The overrides are not valid JSON.</source>
        <translation>覆盖设置不是有效的 JSON。</translation>
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
</TS>
