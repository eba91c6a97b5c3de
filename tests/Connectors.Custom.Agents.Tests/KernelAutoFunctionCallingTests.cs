using System.Collections.Concurrent;
using System.ComponentModel;
using System.Globalization;
using Connectors.Custom.Agents.Tests.Infrastructure;
using Connectors.Custom.Testing;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace Connectors.Custom.Agents.Tests;

/// <summary>
/// Semantic Kernel's own agent pattern on our connector: a kernel with several plugins solves a multi-step task by
/// auto function calling, against a local scripted model that asks for one function at a time and reads each result
/// before deciding the next step.
/// </summary>
public sealed class KernelAutoFunctionCallingTests
{
    private const string Model = "shop-model";

    [Fact]
    public async Task Kernel_with_plugins_completes_a_multi_step_order_through_auto_function_calling()
    {
        var journal = new ConcurrentQueue<string>();

        // The model: check stock, then quote, then place the order, then answer; each step uses the previous result.
        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions
        {
            ChatScript = ChatScript.From(request =>
            {
                var last = request.Messages[^1];
                if (last.Role == "user")
                {
                    return Call("call_stock", Tool(request, "CheckStock"), """{"sku":"SKU-42"}""");
                }

                Assert.Equal("tool", last.Role);
                return last.ToolCallId switch
                {
                    "call_stock" when int.Parse(last.Text, CultureInfo.InvariantCulture) >= 3 =>
                        Call("call_quote", Tool(request, "Quote"), """{"sku":"SKU-42","quantity":3}"""),
                    "call_quote" => Call("call_order", Tool(request, "PlaceOrder"), $$"""{"sku":"SKU-42","quantity":3,"total":{{last.Text}}}"""),
                    "call_order" => new ChatReply($"Done: order {last.Text} for 3 x SKU-42, total 59.97 USD."),
                    _ => throw new InvalidOperationException($"unexpected tool result {last.ToolCallId}: {last.Text}"),
                };
            }),
        });
        var builder = Kernel.CreateBuilder().AddCustomChatCompletion(Model, server.BaseAddress);
        builder.Plugins.AddFromObject(new InventoryPlugin(journal), "Inventory");
        builder.Plugins.AddFromObject(new PricingPlugin(journal), "Pricing");
        builder.Plugins.AddFromObject(new OrdersPlugin(journal), "Orders");
        var kernel = builder.Build();

        var history = new ChatHistory("You are a shop assistant. Use the tools.");
        history.AddUserMessage("Please order 3 units of SKU-42 if they are in stock.");
        var settings = new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() };
        var answer = await kernel.GetRequiredService<IChatCompletionService>().GetChatMessageContentAsync(history, settings, kernel);

        Assert.Equal("Done: order ORD-1001 for 3 x SKU-42, total 59.97 USD.", answer.Content);

        // Each function ran once, in order, with the arguments the model gave.
        Assert.Equal(["CheckStock(SKU-42)", "Quote(SKU-42, 3)", "PlaceOrder(SKU-42, 3, 59.97)"], journal.ToArray());

        var requests = server.Requests.Select(r => WireRequest.Parse(r.Body)).ToList();
        Assert.Equal(4, requests.Count);
        Assert.All(requests, r => Assert.Equal(Model, r.Model));
        Assert.All(requests, r => Assert.Equal("auto", r.Json.GetProperty("tool_choice").GetString()));

        // Every plugin function is offered on every round trip, under its plugin-qualified name.
        Assert.All(requests, r => Assert.Equal(["Inventory_CheckStock", "Orders_PlaceOrder", "Pricing_Quote"], r.ToolNames.Order(StringComparer.Ordinal)));

        // Each follow-up request carries every earlier call and its result, in conversation order.
        Assert.Equal(["system", "user"], requests[0].Messages.Select(m => m.Role));
        Assert.Equal(["system", "user", "assistant", "tool"], requests[1].Messages.Select(m => m.Role));
        Assert.Equal(["system", "user", "assistant", "tool", "assistant", "tool"], requests[2].Messages.Select(m => m.Role));
        Assert.Equal(["system", "user", "assistant", "tool", "assistant", "tool", "assistant", "tool"], requests[3].Messages.Select(m => m.Role));

        var final = requests[3].Messages;
        Assert.Equal("You are a shop assistant. Use the tools.", final[0].Content);
        Assert.Equal(["call_stock"], final[2].ToolCalls.Select(c => c.Id));
        Assert.Equal("call_stock", final[3].ToolCallId);
        Assert.Equal("17", final[3].Content);
        Assert.Equal(["call_quote"], final[4].ToolCalls.Select(c => c.Id));
        Assert.Equal("call_quote", final[5].ToolCallId);
        Assert.Equal("59.97", final[5].Content);
        Assert.Equal(["call_order"], final[6].ToolCalls.Select(c => c.Id));
        Assert.Equal("call_order", final[7].ToolCallId);
        Assert.Equal("ORD-1001", final[7].Content);

        // The chat history records the round trips (each call, then its result) between the question and the answer.
        Assert.Equal(8, history.Count);
        Assert.Equal(
            ["Inventory_CheckStock", "Pricing_Quote", "Orders_PlaceOrder"],
            history.SelectMany(m => m.Items.OfType<FunctionCallContent>()).Select(c => string.IsNullOrEmpty(c.PluginName) ? c.FunctionName : $"{c.PluginName}_{c.FunctionName}"));
        Assert.Equal(["17", "59.97", "ORD-1001"], history.SelectMany(m => m.Items.OfType<FunctionResultContent>()).Select(r => Convert.ToString(r.Result, CultureInfo.InvariantCulture)));

        // The earlier requests are prefixes of the last one: nothing was rewritten between rounds.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(requests[i].Messages.Select(m => m.ToString()), final.Take(requests[i].Messages.Count).Select(m => m.ToString()));
        }
    }

    private static ChatReply Call(string id, string name, string argumentsJson) =>
        ChatReply.CallTools(new ChatScriptToolCall(name, argumentsJson, id));

    /// <summary>The offered function named <paramref name="name"/>, behind the plugin prefix SK adds.</summary>
    private static string Tool(ChatScriptRequest request, string name) =>
        request.FindTool(name)?.Name ?? throw new InvalidOperationException($"{name} was not offered");

    private sealed class InventoryPlugin(ConcurrentQueue<string> journal)
    {
        [KernelFunction("CheckStock"), Description("Returns how many units of a product are in stock.")]
        public int CheckStock([Description("The product SKU.")] string sku)
        {
            journal.Enqueue($"CheckStock({sku})");
            return sku == "SKU-42" ? 17 : 0;
        }
    }

    private sealed class PricingPlugin(ConcurrentQueue<string> journal)
    {
        [KernelFunction("Quote"), Description("Returns the total price in USD for a quantity of a product.")]
        public decimal Quote(string sku, int quantity)
        {
            journal.Enqueue($"Quote({sku}, {quantity})");
            return 19.99m * quantity;
        }
    }

    private sealed class OrdersPlugin(ConcurrentQueue<string> journal)
    {
        [KernelFunction("PlaceOrder"), Description("Places an order and returns its id.")]
        public string PlaceOrder(string sku, int quantity, decimal total)
        {
            journal.Enqueue(string.Create(CultureInfo.InvariantCulture, $"PlaceOrder({sku}, {quantity}, {total})"));
            return "ORD-1001";
        }
    }
}
